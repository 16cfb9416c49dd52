import { z } from 'zod';

const idish = z.union([z.string().min(1), z.number().int()]).transform(String);

/** `mediatopic.getTopics` answer (fields as seen in community clients). */
export const OkTopicsSchema = z.looseObject({
  media_topics: z
    .array(
      z.looseObject({
        id: idish,
        created_ms: z.number().optional(),
        author_ref: z.string().optional(),
      }),
    )
    .default([]),
});
export type OkTopic = z.infer<typeof OkTopicsSchema>['media_topics'][number];

/** One comment of `discussions.getComments`. */
export const OkCommentSchema = z.looseObject({
  id: idish,
  author_id: idish.optional(),
  author_name: z.string().optional(),
  /** `GROUP` for a comment posted on behalf of a group (as community clients read it). */
  author_type: z.string().optional(),
  /** `group:<id>` or `user:<id>`, like a topic's `author_ref`. */
  author_ref: z.string().optional(),
  text: z.string().default(''),
  date: z.string().optional(),
  date_ms: z.number().optional(),
  reply_to_comment_id: idish.optional(),
});
export type OkComment = z.infer<typeof OkCommentSchema>;

/** `discussions.getComments` answer. */
export const OkCommentsPageSchema = z.looseObject({
  comments: z.array(z.unknown()).default([]),
  has_more: z.boolean().default(false),
  anchor: z.string().optional(),
});
