import { z } from 'zod';

/** VK Callback API / Bots Long Poll envelope (the `secret` is present only on Callback deliveries). */
export const VkEnvelopeSchema = z.object({
  type: z.string().min(1).max(64),
  group_id: z.number().int().positive(),
  event_id: z.string().max(100).optional(),
  v: z.string().optional(),
  secret: z.string().optional(),
  object: z.unknown().optional(),
});
export type VkEnvelope = z.infer<typeof VkEnvelopeSchema>;

/** The comment object common to wall/photo/video/board/market comment events. */
export const VkCommentObjectSchema = z.looseObject({
  id: z.number().int(),
  from_id: z.number().int(),
  date: z.number().int(),
  text: z.string().default(''),
  owner_id: z.number().int().optional(),
  post_id: z.number().int().optional(),
  post_owner_id: z.number().int().optional(),
  photo_id: z.number().int().optional(),
  photo_owner_id: z.number().int().optional(),
  video_id: z.number().int().optional(),
  video_owner_id: z.number().int().optional(),
  topic_id: z.number().int().optional(),
  topic_owner_id: z.number().int().optional(),
  item_id: z.number().int().optional(),
  market_owner_id: z.number().int().optional(),
  reply_to_comment: z.number().int().optional(),
});
export type VkCommentObject = z.infer<typeof VkCommentObjectSchema>;

/** A post on the community wall (`wall_post_new`). */
export const VkPostObjectSchema = z.looseObject({
  id: z.number().int(),
  from_id: z.number().int(),
  owner_id: z.number().int(),
  date: z.number().int(),
  text: z.string().default(''),
  post_type: z.string().optional(),
});
