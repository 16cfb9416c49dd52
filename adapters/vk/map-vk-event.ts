import { createHash } from 'node:crypto';
import type { CommentInput, CommentKind } from '../../core/comment.ts';
import { VkCommentObjectSchema, VkPostObjectSchema, type VkEnvelope } from './vk-event.ts';

const COMMENT_EVENTS: Readonly<Record<string, CommentKind>> = {
  wall_reply: 'wall_comment',
  photo_comment: 'photo_comment',
  video_comment: 'video_comment',
  board_post: 'board_comment',
  market_comment: 'market_comment',
};

/** What an event means for moderation. */
export type VkEventMeaning =
  | { readonly type: 'comment'; readonly comment: CommentInput }
  /** The community published a post itself (counted for the clause 2.2 posting report). */
  | { readonly type: 'account_post'; readonly postId: string; readonly publishedAt: Date }
  | { readonly type: 'ignored'; readonly why: string };

const iso = (unix: number): string => new Date(unix * 1000).toISOString();
const shortHash = (s: string): string => createHash('sha1').update(s).digest('hex').slice(0, 10);

function permalink(kind: CommentKind, groupId: number, objectId: string, commentId: string): string {
  const g = `-${groupId}`;
  switch (kind) {
    case 'wall_comment':
      return `https://vk.com/wall${g}_${objectId}?reply=${commentId}`;
    case 'photo_comment':
      return `https://vk.com/photo${g}_${objectId}`;
    case 'video_comment':
      return `https://vk.com/video${g}_${objectId}`;
    case 'board_comment':
      return `https://vk.com/topic${g}_${objectId}?post=${commentId}`;
    case 'market_comment':
      return `https://vk.com/market${g}?w=product${g}_${objectId}`;
    case 'user_post':
      return `https://vk.com/wall${g}_${commentId}`;
    default:
      return '';
  }
}

/**
 * Turns a VK event into a comment to moderate, or says why it is ignored. Pure.
 * The community's own comments (negative `from_id`) are skipped; its own wall posts are reported
 * as `account_post`; posts by users on the community wall are moderated like comments.
 */
export function mapVkEvent(accountId: string, env: VkEnvelope, receivedAt: number): VkEventMeaning {
  const m = /^(wall_reply|photo_comment|video_comment|board_post|market_comment)_(new|edit)$/.exec(env.type);
  if (m) {
    const kind = COMMENT_EVENTS[m[1] ?? ''] as CommentKind;
    const parsed = VkCommentObjectSchema.safeParse(env.object);
    if (!parsed.success) return { type: 'ignored', why: `malformed ${env.type} object` };
    const o = parsed.data;
    if (o.from_id < 0) return { type: 'ignored', why: 'community reply' };
    const objectId = String(o.post_id ?? o.photo_id ?? o.video_id ?? o.topic_id ?? o.item_id ?? 0);
    const ownerId = String(
      o.post_owner_id ??
        o.photo_owner_id ??
        o.video_owner_id ??
        o.topic_owner_id ??
        o.market_owner_id ??
        o.owner_id ??
        `-${env.group_id}`,
    );
    const commentId = String(o.id);
    return {
      type: 'comment',
      comment: {
        platform: 'vk',
        accountId,
        commentId,
        objectId,
        ownerId,
        kind,
        author: { id: String(o.from_id), name: '' },
        text: o.text,
        createdAt: iso(o.date),
        permalink: permalink(kind, env.group_id, objectId, commentId),
        // An edit is moderated again; its identity is the new text, so a redelivery is still one job.
        revision: m[2] === 'edit' ? `e${shortHash(o.text)}` : undefined,
        replyToId: o.reply_to_comment === undefined ? undefined : String(o.reply_to_comment),
        receivedAt,
      },
    };
  }
  if (env.type === 'wall_post_new') {
    const parsed = VkPostObjectSchema.safeParse(env.object);
    if (!parsed.success) return { type: 'ignored', why: 'malformed wall_post_new object' };
    const p = parsed.data;
    if (p.from_id < 0) {
      // A published post by the community (not a suggestion waiting for approval) counts for clause 2.2.
      if (p.post_type === 'suggest') return { type: 'ignored', why: 'suggested post by the community' };
      return { type: 'account_post', postId: String(p.id), publishedAt: new Date(p.date * 1000) };
    }
    const id = String(p.id);
    return {
      type: 'comment',
      comment: {
        platform: 'vk',
        accountId,
        commentId: id,
        objectId: id,
        ownerId: String(p.owner_id),
        kind: 'user_post',
        author: { id: String(p.from_id), name: '' },
        text: p.text,
        createdAt: iso(p.date),
        permalink: permalink('user_post', env.group_id, id, id),
        receivedAt,
      },
    };
  }
  return { type: 'ignored', why: `event ${env.type} not moderated` };
}
