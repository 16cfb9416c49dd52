import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { ReviewJob } from '../queues/payloads.ts';
import type { ReviewStore } from './review-store.ts';
import type { TelegramOut } from './telegram-out.ts';
import { tgErrorText } from './telegram-errors.ts';
import { backlogText, type QueueFacts } from './view/texts.ts';

/**
 * What waits in review and the backlog summary: when more items arrive than may be shown, one
 * summary message is posted (and then edited, which costs no send budget) instead of a flood of cards.
 */
export class Backlog {
  constructor(
    private readonly queue: Queue<ReviewJob>,
    private readonly store: ReviewStore,
    private readonly out: TelegramOut,
    private readonly chatId: number,
    private readonly maxOpen: number,
    /** Shortest time between two updates of the summary (ms). */
    private readonly refreshMs: number,
    private readonly log: Logger,
  ) {}

  /** Items not yet shown, open cards, and the age of the oldest of them. */
  async facts(now = Date.now()): Promise<QueueFacts> {
    // `active` holds the job the worker is holding back right now: it is not shown yet either.
    const counts = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
    const waiting =
      (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0) + (counts.active ?? 0);
    const [oldestOpen] = await this.store.openItems(1);
    const [oldestJob] =
      waiting > 0 ? await this.queue.getJobs(['active', 'wait', 'prioritized', 'delayed'], 0, 0, true) : [];
    const times = [oldestOpen?.queuedAt, oldestJob?.timestamp].filter(
      (t): t is number => typeof t === 'number',
    );
    return {
      waiting,
      open: await this.store.openCount(),
      oldestAgeMs: times.length ? now - Math.min(...times) : undefined,
    };
  }

  /** Posts or refreshes the summary because cards are being held back. */
  async show(): Promise<void> {
    if (!(await this.store.once('summary', this.refreshMs))) return;
    await this.#render(false);
  }

  /** Refreshes a shown summary, and marks it done once the backlog is gone. */
  async settle(): Promise<void> {
    if (!(await this.store.summary())) return;
    if (!(await this.store.once('summary', this.refreshMs))) return;
    await this.#render(true);
  }

  async #render(onlyExisting: boolean): Promise<void> {
    try {
      const facts = await this.facts();
      const msg = { text: backlogText(facts, this.maxOpen), keyboard: [] };
      const ref = await this.store.summary();
      if (ref && (await this.out.edit(ref, msg))) {
        if (facts.waiting === 0) await this.store.setSummary(undefined);
        return;
      }
      if (onlyExisting || facts.waiting === 0) {
        await this.store.setSummary(undefined);
        return;
      }
      const r = await this.out.trySend(this.chatId, msg);
      if (r.ok) await this.store.setSummary({ chatId: this.chatId, messageId: r.messageId });
    } catch (err) {
      this.log.warn({ err: tgErrorText(err) }, 'backlog summary could not be updated');
    }
  }
}
