import type { CommunityReplyInput } from '../../core/appeals/community-reply.ts';
import { VkCommentObjectSchema, type VkEnvelope } from './vk-event.ts';
import { z } from 'zod';

const ThreadSchema = z.looseObject({ parents_stack: z.array(z.number().int()).optional() });

/**
 * A reply of the community itself to a citizen's comment, or `null`. VK marks the community's own
 * comments with `from_id = -group_id`; the comment replied to is `reply_to_comment`, or, for a reply
 * placed in a thread without quoting anyone, the thread's root (`parents_stack`). Pure.
 */
export function mapVkCommunityReply(accountId: string, env: VkEnvelope): CommunityReplyInput | null {
  if (!/^(wall_reply|photo_comment|video_comment|board_post|market_comment)_new$/.test(env.type)) return null;
  // Nearly every comment is a resident's: settle that before validating the object (this runs for
  // every VK comment, and mapVkEvent validates it again anyway).
  const raw = env.object as { readonly from_id?: unknown } | null | undefined;
  if (raw?.from_id !== -env.group_id) return null;
  const parsed = VkCommentObjectSchema.safeParse(env.object);
  if (!parsed.success) return null;
  const o = parsed.data;
  if (o.from_id !== -env.group_id) return null;
  const stack = ThreadSchema.safeParse(env.object).data?.parents_stack ?? [];
  const target = o.reply_to_comment ?? stack[stack.length - 1];
  if (target === undefined) return null;
  return {
    platform: 'vk',
    accountId,
    replyId: String(o.id),
    inReplyTo: String(target),
    authorId: String(o.from_id),
    text: o.text,
    repliedAt: new Date(o.date * 1000).toISOString(),
  };
}
