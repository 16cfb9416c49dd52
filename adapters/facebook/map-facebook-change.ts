import { createHash } from 'node:crypto';
import type { FacebookAccount } from '../../config/accounts.ts';
import { graphTime } from '../meta/graph-time.ts';
import type { MetaChange, MetaEntry } from '../meta/meta-payload.ts';
import type { MetaMeaning } from '../meta/meta-intake.ts';
import { FacebookFeedValueSchema } from './facebook-event.ts';

const TRACKED_VERBS = new Set(['remove', 'delete', 'hide', 'unhide']);
const shortHash = (s: string): string => createHash('sha1').update(s).digest('hex').slice(0, 10);

function permalink(postId: string, commentId: string): string {
  const [page, post] = postId.split('_');
  const commentPart = commentId.split('_').at(-1) ?? commentId;
  if (!page || !post) return `https://www.facebook.com/${commentId}`;
  return `https://www.facebook.com/${page}/posts/${post}?comment_id=${commentPart}`;
}

/**
 * Turns one Page `feed` change into a comment to moderate, a tracked platform event, or says why it is
 * ignored. Pure. `add` and `edited` are moderated (an edit as a new revision); `remove`/`hide`/`unhide`
 * are tracked only, so the echoes of our own actions cannot loop; the Page's own comments are skipped.
 */
export function mapFacebookChange(
  account: FacebookAccount,
  entry: MetaEntry,
  change: MetaChange,
  receivedAt: number,
): MetaMeaning {
  if (change.field !== 'feed') return { type: 'ignored', why: `field ${change.field}` };
  const parsed = FacebookFeedValueSchema.safeParse(change.value);
  if (!parsed.success) return { type: 'ignored', why: 'malformed feed value' };
  const v = parsed.data;
  if (v.item !== 'comment') return { type: 'ignored', why: `item ${v.item}` };
  if (!v.comment_id || !v.post_id) return { type: 'ignored', why: 'comment without ids' };
  if (TRACKED_VERBS.has(v.verb)) return { type: 'tracked', verb: v.verb, commentId: v.comment_id };
  if (v.verb !== 'add' && v.verb !== 'edited' && v.verb !== 'edit')
    return { type: 'ignored', why: `verb ${v.verb}` };
  const authorId = v.from?.id ?? v.sender_id;
  const pageId = account.platform_ids.page_id;
  if (authorId === pageId || authorId === entry.id) return { type: 'ignored', why: "the Page's own comment" };
  const text = v.message ?? '';
  return {
    type: 'comment',
    comment: {
      platform: 'facebook',
      accountId: account.id,
      commentId: v.comment_id,
      objectId: v.post_id,
      ownerId: pageId,
      kind: 'page_comment',
      author: { id: authorId ?? 'unknown', name: v.from?.name ?? v.sender_name ?? '' },
      text,
      createdAt: graphTime(v.created_time, receivedAt),
      permalink: permalink(v.post_id, v.comment_id),
      revision: v.verb === 'add' ? undefined : `e${shortHash(text)}`,
      replyToId: v.parent_id && v.parent_id !== v.post_id ? v.parent_id : undefined,
      receivedAt,
    },
  };
}
