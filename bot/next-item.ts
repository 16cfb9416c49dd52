import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { ReviewJobSchema, type ReviewJob } from '../queues/payloads.ts';
import type { ReviewStore } from './review-store.ts';
import { postClaim } from './review-worker.ts';
import type { TelegramOut } from './telegram-out.ts';

export type NextResult =
  | { readonly kind: 'posted'; readonly itemId: string; readonly messageId: number }
  | { readonly kind: 'open'; readonly itemId: string; readonly messageId: number | undefined }
  | { readonly kind: 'busy' }
  | { readonly kind: 'empty' };

/**
 * `/next`: shows the oldest item still waiting in `{review}` in the asking chat (a private chat too),
 * ahead of the paced worker. When nothing waits, points at (or, in a private chat, copies) the
 * oldest open card.
 */
export async function showNext(
  deps: { queue: Queue<ReviewJob>; store: ReviewStore; out: TelegramOut; log: Logger },
  chatId: number,
): Promise<NextResult> {
  const { queue, store, out, log } = deps;
  const jobs = await queue.getJobs(['wait', 'prioritized'], 0, 9, true);
  for (const job of jobs) {
    const parsed = ReviewJobSchema.safeParse(job.data);
    if (!parsed.success || !job.id) continue;
    const itemId = await store.itemFor(job.id, parsed.data, job.timestamp);
    const item = await store.load(itemId);
    if (!item || item.messages.length > 0) continue;
    if (!(await store.once(postClaim(itemId), 30_000))) continue;
    const messageId = await out.send(chatId, out.render(item), 10_000);
    if (messageId === undefined) {
      await store.clearOnce(postClaim(itemId));
      return { kind: 'busy' };
    }
    await store.markPosted(itemId, { chatId, messageId });
    // The worker would skip it anyway (it has a card); removing it just keeps the counts honest.
    await job.remove().catch((err: unknown) => log.debug({ err, jobId: job.id }, 'review job not removed'));
    await queue.removeRateLimitKey().catch(() => undefined);
    return { kind: 'posted', itemId, messageId };
  }
  const [oldest] = await store.openItems(1);
  if (!oldest) return { kind: 'empty' };
  const item = await store.load(oldest.id);
  if (!item) return { kind: 'empty' };
  const here = item.messages.find((m) => m.chatId === chatId);
  if (here || chatId < 0) return { kind: 'open', itemId: item.id, messageId: here?.messageId };
  const messageId = await out.send(chatId, out.render(item), 10_000);
  if (messageId === undefined) return { kind: 'busy' };
  await store.markPosted(item.id, { chatId, messageId });
  return { kind: 'posted', itemId: item.id, messageId };
}
