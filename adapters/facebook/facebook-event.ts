import { z } from 'zod';

const idish = z.union([z.string().min(1), z.number().int()]).transform(String);

/** `value` of a Page `feed` change (comments; posts and reactions use other `item`s). */
export const FacebookFeedValueSchema = z.looseObject({
  item: z.string(),
  verb: z.string(),
  comment_id: idish.optional(),
  post_id: idish.optional(),
  parent_id: idish.optional(),
  from: z.looseObject({ id: idish, name: z.string().optional() }).optional(),
  // API ≤ 2.5 payloads.
  sender_id: idish.optional(),
  sender_name: z.string().optional(),
  created_time: z.union([z.number(), z.string()]).optional(),
  message: z.string().optional(),
});
export type FacebookFeedValue = z.infer<typeof FacebookFeedValueSchema>;
