import { z } from 'zod';

/** Platforms named by clause 1.1 of resolution No. 702. */
export const PLATFORMS = ['vk', 'ok', 'facebook', 'instagram'] as const;
export const PlatformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof PlatformSchema>;

/** Where on the platform the comment lives; decides which platform method deletes it. */
export const COMMENT_KINDS = [
  'wall_comment',
  'photo_comment',
  'video_comment',
  'board_comment',
  'market_comment',
  'user_post',
  'topic_comment',
  'page_comment',
  'media_comment',
  'live_comment',
  'message',
] as const;
export const CommentKindSchema = z.enum(COMMENT_KINDS);
export type CommentKind = z.infer<typeof CommentKindSchema>;

const id = z.string().min(1).max(200);

/**
 * The one normalised comment record every adapter produces. Raw platform JSON never travels
 * through the queues: only this, validated at the boundary.
 */
export const CommentSchema = z.object({
  platform: PlatformSchema,
  accountId: id,
  commentId: id,
  /** Post / photo / video / topic / media the comment belongs to. */
  objectId: id,
  /** Platform owner of the object, e.g. VK `-groupId`; empty when the platform has none. */
  ownerId: z.string().max(200).default(''),
  kind: CommentKindSchema,
  author: z.object({ id: id, name: z.string().max(300).default('') }),
  text: z.string().max(20_000),
  /** ISO-8601 time the platform gives for the comment. */
  createdAt: z.iso.datetime({ offset: true }),
  permalink: z.url().or(z.literal('')).default(''),
  /** Set for edits: a new revision is moderated again, a redelivered one is not. */
  revision: z.string().min(1).max(64).optional(),
  /** Comment this one replies to, when the platform says so. */
  replyToId: z.string().max(200).optional(),
  /** When the comment was received by Strazh (ms since epoch). */
  receivedAt: z.number().int().nonnegative(),
});
export type Comment = z.infer<typeof CommentSchema>;
export type CommentInput = z.input<typeof CommentSchema>;

/**
 * The logical identity of one comment revision: `platform:account:comment[:revision]`.
 * Two deliveries of the same revision share it, so they lead to one decision.
 */
export function commentKey(c: Pick<Comment, 'platform' | 'accountId' | 'commentId' | 'revision'>): string {
  const base = `${c.platform}:${c.accountId}:${c.commentId}`;
  return c.revision === undefined ? base : `${base}:${c.revision}`;
}
