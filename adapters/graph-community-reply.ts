import { z } from 'zod';
import type { CommunityReplyInput } from '../core/appeals/community-reply.ts';
import { graphTime } from './meta/graph-time.ts';

/** `value` of a Facebook Page webhook change with `field: "feed"` (the comment part we need). */
const FbFeedValueSchema = z.looseObject({
  item: z.string(),
  verb: z.string(),
  comment_id: z.string().optional(),
  parent_id: z.string().optional(),
  post_id: z.string().optional(),
  from: z.looseObject({ id: z.string() }).optional(),
  message: z.string().optional(),
  created_time: z.union([z.number(), z.string()]).optional(),
});

/** `value` of an Instagram webhook change with `field: "comments"`. */
const IgCommentValueSchema = z.looseObject({
  id: z.string().optional(),
  /** The other payload layout names the id `comment_id`. */
  comment_id: z.string().optional(),
  text: z.string().optional(),
  parent_id: z.string().optional(),
  from: z.looseObject({ id: z.string() }).optional(),
});

/**
 * The Page's own reply to a comment, from a Facebook `feed` change, or `null`. A reply to a comment has
 * a `parent_id` different from its `post_id` (a top-level comment's parent is the post). Pure.
 */
export function mapFacebookCommunityReply(
  accountId: string,
  pageId: string,
  value: unknown,
  receivedAt: Date,
): CommunityReplyInput | null {
  const v = FbFeedValueSchema.safeParse(value).data;
  if (!v || v.item !== 'comment' || v.verb !== 'add' || !v.comment_id || !v.parent_id) return null;
  if (v.from?.id !== pageId || v.parent_id === v.post_id) return null;
  return {
    platform: 'facebook',
    accountId,
    replyId: v.comment_id,
    inReplyTo: v.parent_id,
    authorId: pageId,
    text: v.message ?? '',
    repliedAt: graphTime(v.created_time, receivedAt.getTime()),
  };
}

/** The business account's own reply to a comment, from an Instagram `comments` change, or `null`. Pure. */
export function mapInstagramCommunityReply(
  accountId: string,
  igUserId: string,
  value: unknown,
  receivedAt: Date,
): CommunityReplyInput | null {
  const v = IgCommentValueSchema.safeParse(value).data;
  const id = v?.id ?? v?.comment_id;
  if (!v || !id || !v.parent_id || v.from?.id !== igUserId) return null;
  return {
    platform: 'instagram',
    accountId,
    replyId: id,
    inReplyTo: v.parent_id,
    authorId: igUserId,
    text: v.text ?? '',
    repliedAt: receivedAt.toISOString(),
  };
}
