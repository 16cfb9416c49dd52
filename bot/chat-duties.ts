import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { ReviewJob } from '../queues/payloads.ts';
import type { Backlog } from './backlog.ts';
import type { DeadLetterNotices } from './dead-letter-notices.ts';
import type { OutcomeTracker } from './outcome-tracker.ts';
import type { ReviewStore } from './review-store.ts';
import type { TelegramOut } from './telegram-out.ts';
import { tgErrorText } from './telegram-errors.ts';
import { deadLetterText, reminderText } from './view/texts.ts';

export interface DutyDeps {
  readonly queue: Queue<ReviewJob>;
  readonly store: ReviewStore;
  readonly out: TelegramOut;
  readonly backlog: Backlog;
  readonly notices: DeadLetterNotices;
  readonly tracker: OutcomeTracker;
  readonly chatId: number;
  readonly slaMs: number;
  readonly tickMs: number;
  readonly log: Logger;
}

/**
 * The bot's periodic duties, one tick at a time (a slow tick never overlaps the next):
 * dead-letter notices, SLA reminders, the backlog summary, and reconciling action outcomes.
 */
export class ChatDuties {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #ticks = 0;

  constructor(private readonly d: DutyDeps) {}

  start(): void {
    const loop = () => {
      this.#running = this.tick().finally(() => {
        if (this.#timer !== undefined) this.#timer = setTimeout(loop, this.d.tickMs);
      });
    };
    this.#timer = setTimeout(loop, this.d.tickMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  async tick(): Promise<void> {
    const step = async (name: string, f: () => Promise<void>) => {
      try {
        await f();
      } catch (err) {
        this.d.log.warn({ err: tgErrorText(err), duty: name }, 'telegram duty failed; will retry next tick');
      }
    };
    await step('notices', () => this.postNotices());
    await step('sla', () => this.remind());
    await step('backlog', () => this.d.backlog.settle());
    if (this.#ticks++ % 10 === 0) {
      await step('reconcile', () => this.d.tracker.reconcile());
      await step('prune', async () => void (await this.d.store.pruneOpen()));
    }
  }

  /** Posts stored dead-letter notices, oldest first, as the pacing allows. */
  async postNotices(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      const n = await this.d.notices.peek();
      if (!n) return;
      const r = await this.d.out.trySend(this.d.chatId, { text: deadLetterText(n), keyboard: [] });
      if (!r.ok) return;
      await this.d.notices.ack();
    }
  }

  /** Re-announces items waiting longer than the SLA, at most once per SLA period. */
  async remind(now = Date.now()): Promise<void> {
    const cutoff = now - this.d.slaMs;
    let overdue = await this.d.store.overdueOpen(cutoff);
    let oldest = (await this.d.store.openItems(1))[0]?.queuedAt;
    const waiting = await this.d.queue.getJobs(['active', 'wait', 'prioritized', 'delayed'], 0, 999, true);
    for (const j of waiting) {
      if (j.timestamp >= cutoff) continue;
      overdue++;
      oldest = Math.min(oldest ?? j.timestamp, j.timestamp);
    }
    if (overdue === 0 || oldest === undefined) return;
    if (!(await this.d.store.once('sla-reminder', this.d.slaMs))) return;
    const [first] = await this.d.store.openItems(1);
    const card = first
      ? (await this.d.store.load(first.id))?.messages.find((m) => m.chatId === this.d.chatId)
      : undefined;
    const minutes = Math.round((this.d.slaMs / 60_000) * 100) / 100;
    const r = await this.d.out.trySend(
      this.d.chatId,
      { text: reminderText(overdue, now - oldest, minutes), keyboard: [] },
      card?.messageId,
    );
    if (!r.ok) await this.d.store.clearOnce('sla-reminder');
    else this.d.log.info({ overdue }, 'SLA reminder posted');
  }
}
