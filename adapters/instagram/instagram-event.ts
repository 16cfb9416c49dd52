import { z } from 'zod';

const idish = z.union([z.string().min(1), z.number().int()]).transform(String);

/** `value` of an Instagram `comments` / `live_comments` change. Meta's examples name the id `id` or `comment_id`. */
export const InstagramCommentValueSchema = z.looseObject({
  id: idish.optional(),
  comment_id: idish.optional(),
  text: z.string().default(''),
  parent_id: idish.optional(),
  from: z
    .looseObject({ id: idish, username: z.string().optional(), self_ig_scoped_id: idish.optional() })
    .optional(),
  media: z.looseObject({ id: idish, media_product_type: z.string().optional() }).optional(),
});
export type InstagramCommentValue = z.infer<typeof InstagramCommentValueSchema>;
