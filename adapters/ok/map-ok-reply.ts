import type { CommunityReplyInput } from '../../core/appeals/community-reply.ts';
import { okCommentTime } from './ok-comment-time.ts';
import type { OkComment } from './ok-event.ts';

/**
 * Whether a comment was posted on behalf of this very group. The id has to match: `author_type:
 * "GROUP"` alone could be another community replying, and closing a resident's appeal on a
 * stranger's word would hide it from the official.
 */
function byOwnGroup(groupId: string, c: OkComment): boolean {
  return c.author_id === groupId || c.author_ref === `group:${groupId}`;
}

/**
 * The group's own reply to a comment in one of its topics, or `null` (answer detection for appeals).
 * A group comment that replies to nothing answers no appeal. Pure.
 */
export function mapOkCommunityReply(
  accountId: string,
  groupId: string,
  c: OkComment,
  receivedAt: number,
): CommunityReplyInput | null {
  if (!byOwnGroup(groupId, c) || c.reply_to_comment_id === undefined) return null;
  return {
    platform: 'ok',
    accountId,
    replyId: c.id,
    inReplyTo: c.reply_to_comment_id,
    authorId: groupId,
    text: c.text,
    repliedAt: okCommentTime(c, receivedAt),
  };
}
