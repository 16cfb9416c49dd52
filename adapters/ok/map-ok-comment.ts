import type { CommentInput } from '../../core/comment.ts';
import { okCommentTime } from './ok-comment-time.ts';
import type { OkComment } from './ok-event.ts';

/** Link to a group topic, where a moderator can act by hand. */
export const okTopicUrl = (groupId: string, topicId: string): string =>
  `https://ok.ru/group/${groupId}/topic/${topicId}`;

/**
 * Maps a comment of a group topic to the normalised comment, or undefined for comments posted on
 * behalf of a group (the administration's own, whose replies `mapOkCommunityReply` reads instead, or
 * another community's): those are not residents' words, so neither moderated nor appeals. Pure.
 */
export function mapOkComment(
  accountId: string,
  groupId: string,
  topicId: string,
  c: OkComment,
  receivedAt: number,
): CommentInput | undefined {
  if (c.author_type === 'GROUP' || c.author_ref?.startsWith('group:') || c.author_id === groupId)
    return undefined;
  return {
    platform: 'ok',
    accountId,
    commentId: c.id,
    objectId: topicId,
    ownerId: groupId,
    kind: 'topic_comment',
    author: { id: c.author_id ?? 'unknown', name: c.author_name ?? '' },
    text: c.text,
    createdAt: okCommentTime(c, receivedAt),
    permalink: okTopicUrl(groupId, topicId),
    replyToId: c.reply_to_comment_id,
    receivedAt,
  };
}
