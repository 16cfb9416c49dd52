import type { CommentInput } from '../../core/comment.ts';
import type { OkComment } from './ok-event.ts';

/** Link to a group topic, where a moderator can act by hand. */
export const okTopicUrl = (groupId: string, topicId: string): string =>
  `https://ok.ru/group/${groupId}/topic/${topicId}`;

/** OK's `date` ("2025-01-01 12:00:00") is Moscow time when `date_ms` is missing. */
function isoTime(c: OkComment, fallbackMs: number): string {
  if (c.date_ms !== undefined) return new Date(c.date_ms).toISOString();
  if (c.date && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(c.date)) {
    const d = new Date(`${c.date.replace(' ', 'T')}+03:00`);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  return new Date(fallbackMs).toISOString();
}

/**
 * Maps a comment of a group topic to the normalised comment, or undefined for the group's own
 * comments (posted on behalf of the group). Pure.
 */
export function mapOkComment(
  accountId: string,
  groupId: string,
  topicId: string,
  c: OkComment,
  receivedAt: number,
): CommentInput | undefined {
  if (c.author_type === 'GROUP' || c.author_id === groupId) return undefined;
  return {
    platform: 'ok',
    accountId,
    commentId: c.id,
    objectId: topicId,
    ownerId: groupId,
    kind: 'topic_comment',
    author: { id: c.author_id ?? 'unknown', name: c.author_name ?? '' },
    text: c.text,
    createdAt: isoTime(c, receivedAt),
    permalink: okTopicUrl(groupId, topicId),
    replyToId: c.reply_to_comment_id,
    receivedAt,
  };
}
