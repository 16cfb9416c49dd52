import { UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { REVIEW_QUEUE } from '../queues/names.ts';
import { ReviewJobSchema, type ReviewJob } from '../queues/payloads.ts';
import type { ModerationObserver } from '../workers/moderation-observer.ts';
import type { Backlog } from './backlog.ts';
import type { ReviewStore } from './review-store.ts';
import type { TelegramOut } from './telegram-out.ts';
import { tgErrorKind, tgErrorText } from './telegram-errors.ts';

export interface CardResult {
  readonly itemId: string;
  readonly messageId?: number;
  /** The card was already posted (by `/next` or before a restart). */
  readonly alreadyPosted?: boolean;
}

export interface ReviewWorkerDeps {
  readonly connection: Redis;
  readonly prefix: string;
  readonly chatId: number;
  readonly maxOpen: number;
  /** How soon to look again when cards are held back because too many are open (ms). */
  readonly recheckMs: number;
  /** BullMQ's own limiter: a ceiling on jobs per window; the {@link ChatPacer} does the exact pacing. */
  readonly limiter: { readonly max: number; readonly duration: number };
  readonly store: ReviewStore;
  readonly out: TelegramOut;
  readonly backlog: Backlog;
  readonly observer: ModerationObserver;
  readonly log: Logger;
}

/** Telegram refuses the chat itself (bot kicked, no rights, wrong id): waiting is the only cure. */
function chatUnreachable(err: unknown): boolean {
  const kind = tgErrorKind(err);
  return (
    kind === 'forbidden' ||
    (kind === 'bad_request' && /chat not found|not enough rights/i.test(tgErrorText(err)))
  );
}

/** Telegram itself is down or unreachable (5xx, network): the item is fine, the send must wait. */
const telegramDown = (err: unknown): boolean => ['server', 'network'].includes(tgErrorKind(err));

/** The longest wait between tries while Telegram is down (ms). */
const MAX_OUTAGE_WAIT_MS = 60_000;

/** Consecutive sends that found Telegram down: the wait before the next try doubles with each. */
interface OutageState {
  failures: number;
}

/** Claim on posting an item's first card, so the worker and `/next` never post it twice at once. */
export const postClaim = (itemId: string) => `post:${itemId}`;

async function postCard(
  d: ReviewWorkerDeps,
  worker: Worker,
  job: Job<ReviewJob>,
  outage: OutageState,
): Promise<CardResult> {
  const parsed = ReviewJobSchema.safeParse(job.data);
  if (!parsed.success)
    throw new UnrecoverableError(`invalid review payload: ${parsed.error.issues[0]?.message}`);
  const itemId = await d.store.itemFor(job.id ?? '', parsed.data, job.timestamp);
  const item = await d.store.load(itemId);
  if (!item) throw new Error(`review item ${itemId} vanished from Redis`);
  if (item.messages.length > 0) {
    await d.backlog.settle();
    return { itemId, alreadyPosted: true };
  }
  const holdBack = async (waitMs: number): Promise<never> => {
    await worker.rateLimit(Math.max(1, Math.ceil(waitMs)));
    throw Worker.RateLimitError();
  };
  if ((await d.store.openCount()) >= d.maxOpen) {
    await d.backlog.show();
    return holdBack(d.recheckMs);
  }
  if (!(await d.store.once(postClaim(itemId), 30_000))) return holdBack(500);
  let r;
  try {
    r = await d.out.trySend(d.chatId, d.out.render(item));
  } catch (err) {
    await d.store.clearOnce(postClaim(itemId));
    if (telegramDown(err)) {
      // Every item would fail the same way: burning their attempts would dead-letter the whole queue
      // during an outage of a few minutes. They wait instead, and the tries thin out while it lasts.
      outage.failures += 1;
      if (await d.store.once('telegram-down-log', 60_000))
        d.log.error(
          { err: tgErrorText(err), failures: outage.failures },
          'Telegram unreachable; review items wait',
        );
      return holdBack(Math.min(d.recheckMs * 2 ** Math.min(outage.failures - 1, 16), MAX_OUTAGE_WAIT_MS));
    }
    if (!chatUnreachable(err)) throw err;
    // The bot was removed from the group or the chat id is wrong: keep every item waiting until an
    // operator fixes it, instead of burning attempts into the dead-letter set.
    if (await d.store.once('chat-unreachable-log', 60_000))
      d.log.error({ chatId: d.chatId, err: tgErrorText(err) }, 'cannot post to the review chat; items wait');
    return holdBack(d.recheckMs * 12);
  }
  if (!r.ok) {
    await d.store.clearOnce(postClaim(itemId));
    // Paced or 429: the job goes back to wait (no attempt used) and the whole queue pauses.
    return holdBack(r.waitMs);
  }
  outage.failures = 0;
  await d.store.markPosted(itemId, { chatId: d.chatId, messageId: r.messageId });
  d.log.info({ itemId, key: item.job.key, messageId: r.messageId }, 'review card posted');
  await d.backlog.settle();
  return { itemId, messageId: r.messageId };
}

/**
 * The `{review}` worker: one card at a time, paced to the group's limits. An item that cannot be
 * shown yet (pacing, a 429, too many open cards) stays in the queue — nothing is dropped.
 */
export function startReviewWorker(d: ReviewWorkerDeps): Worker<ReviewJob, CardResult> {
  const outage: OutageState = { failures: 0 };
  const worker: Worker<ReviewJob, CardResult> = new Worker<ReviewJob, CardResult>(
    REVIEW_QUEUE,
    (job) => postCard(d, worker, job, outage),
    { connection: d.connection, prefix: d.prefix, concurrency: 1, limiter: d.limiter },
  );
  worker.on('failed', (job, err) => {
    const final = !job || err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) {
      d.log.error({ err: tgErrorText(err), jobId: job?.id }, 'dead-letter: review card could not be posted');
      void d.observer.onDeadLetter?.(REVIEW_QUEUE, job?.id, job?.data, err);
    } else {
      d.log.warn(
        { err: tgErrorText(err), jobId: job.id, attempt: job.attemptsMade },
        'review card failed; will retry',
      );
    }
  });
  worker.on('error', (err) => d.log.error({ err }, 'review worker error'));
  return worker;
}

/** Lets a held-back worker look again now (a decision freed a place for a card). */
export async function wakeReviewQueue(queue: Queue<ReviewJob>): Promise<void> {
  await queue.removeRateLimitKey();
}
