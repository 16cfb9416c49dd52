import type { InstagramAccount } from '../../config/accounts.ts';
import type { MetaChange, MetaEntry } from '../meta/meta-payload.ts';
import type { MetaMeaning } from '../meta/meta-intake.ts';
import { InstagramCommentValueSchema } from './instagram-event.ts';

const FIELDS: Readonly<Record<string, 'media_comment' | 'live_comment'>> = {
  comments: 'media_comment',
  live_comments: 'live_comment',
};

/**
 * Turns one Instagram `comments` / `live_comments` change into a comment to moderate, or says why it is
 * ignored. Pure. Reads the comment id from `value.id ?? value.comment_id`; the account's own comments
 * (`from.id` equal to the entry id) are skipped. Instagram sends no edit events.
 */
export function mapInstagramChange(
  account: InstagramAccount,
  entry: MetaEntry,
  change: MetaChange,
  receivedAt: number,
): MetaMeaning {
  const kind = FIELDS[change.field];
  if (!kind) return { type: 'ignored', why: `field ${change.field}` };
  const parsed = InstagramCommentValueSchema.safeParse(change.value);
  if (!parsed.success) return { type: 'ignored', why: `malformed ${change.field} value` };
  const v = parsed.data;
  const commentId = v.id ?? v.comment_id;
  if (!commentId) return { type: 'ignored', why: 'comment without id' };
  if (!v.media) return { type: 'ignored', why: 'comment without media' };
  const own = account.platform_ids.ig_user_id;
  if (v.from && (v.from.id === own || v.from.id === entry.id)) return { type: 'ignored', why: 'own comment' };
  const time = entry.time !== undefined ? entry.time * 1000 : receivedAt;
  return {
    type: 'comment',
    comment: {
      platform: 'instagram',
      accountId: account.id,
      commentId,
      objectId: v.media.id,
      ownerId: own,
      kind,
      author: { id: v.from?.id ?? 'unknown', name: v.from?.username ?? '' },
      text: v.text,
      createdAt: new Date(time).toISOString(),
      permalink: '',
      replyToId: v.parent_id,
      receivedAt,
    },
  };
}
