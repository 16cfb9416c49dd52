import { z } from 'zod';
import { PlatformSchema } from '../comment.ts';

/**
 * The community itself (the official account) replied to a comment on the platform. Adapters map
 * VK `wall_reply_new` (negative `from_id`, `reply_to_comment`), Facebook `feed` comment changes from the
 * Page and Instagram `comments` changes from the business account into this; the appeal of the
 * comment replied to is then marked answered.
 */
export const CommunityReplySchema = z.object({
  platform: PlatformSchema,
  accountId: z.string().min(1),
  /** The reply's own id on the platform. */
  replyId: z.string().min(1),
  /** Id of the citizen's comment replied to (same id space as `Comment.commentId`). */
  inReplyTo: z.string().min(1),
  /** The platform id of who replied (VK: `-groupId`; Graph: the Page or IG account id). */
  authorId: z.string().default(''),
  text: z.string().max(20_000).default(''),
  repliedAt: z.iso.datetime({ offset: true }),
});
export type CommunityReply = z.infer<typeof CommunityReplySchema>;
export type CommunityReplyInput = z.input<typeof CommunityReplySchema>;
