import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ActProgressSchema, type ActionStep } from '../queues/payloads.ts';
import type { ReviewStore, TrackedAction } from './review-store.ts';
import type { TelegramOut } from './telegram-out.ts';
import { undoOutcomeText, withoutPending } from './view/undo-texts.ts';
import type { OutcomeView } from './view/model.ts';

const ReturnSchema = z.object({
  status: z.enum(['done', 'already_done', 'unsupported']),
  detail: z.string(),
  manualUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .catch(undefined),
});

/** A tracked job missing from its queue for this long is reported as of unknown outcome. */
const LOST_AFTER_MS = 10 * 60_000;

type Finished =
  | { readonly ok: true; readonly value: unknown }
  /** The job is gone from its queue and its outcome was never read (trimmed while nobody listened). */
  | { readonly ok: 'unknown'; readonly reason: string }
  /** `job`: the failed job when already read (its progress names the steps that went through). */
  | { readonly ok: false; readonly reason: string; readonly job?: Job | undefined };

/**
 * Learns the outcome of moderators' platform actions from BullMQ itself: `QueueEvents` on the
 * `{act-<platform>}` queues for live news, and a reconcile pass that reads the tracked jobs' state
 * (return value or failure reason) to cover events missed while the bot was down. The act worker
 * needs no knowledge of Telegram and may run in any process.
 */
export class OutcomeTracker {
  #events: QueueEvents[] = [];
  #queues = new Map<string, Queue>();
  #connections: Redis[] = [];

  constructor(
    private readonly queueNames: readonly string[],
    private readonly connect: () => Redis,
    private readonly prefix: string,
    private readonly store: ReviewStore,
    private readonly out: TelegramOut,
    private readonly log: Logger,
    private readonly producer: Redis,
  ) {}

  async start(): Promise<void> {
    for (const name of this.queueNames) {
      const connection = this.connect();
      this.#connections.push(connection);
      const ev = new QueueEvents(name, { connection, prefix: this.prefix });
      ev.on(
        'completed',
        ({ jobId, returnvalue }) => void this.#settle(name, jobId, { ok: true, value: returnvalue }),
      );
      ev.on(
        'failed',
        ({ jobId, failedReason }) => void this.#settle(name, jobId, { ok: false, reason: failedReason }),
      );
      ev.on('error', (err) => this.log.warn({ err, queue: name }, 'queue events error'));
      this.#events.push(ev);
      this.#queues.set(name, new Queue(name, { connection: this.producer, prefix: this.prefix }));
    }
    await Promise.all(this.#events.map((e) => e.waitUntilReady()));
  }

  /** Reads the state of every tracked job and settles the finished ones (start-up and periodically). */
  async reconcile(): Promise<void> {
    for (const t of await this.store.allTracked()) {
      const q = this.#queues.get(t.queue);
      if (!q) continue;
      const job = await q.getJob(t.jobId);
      if (!job) {
        // Trimmed by job retention while nobody listened: say so rather than spin «выполняется» forever.
        if (Date.now() - (t.at ?? 0) > LOST_AFTER_MS)
          await this.#settle(t.queue, t.jobId, {
            ok: 'unknown',
            reason: 'задача уже удалена из очереди, проверьте на платформе',
          });
        continue;
      }
      const state = await job.getState();
      if (state === 'completed')
        await this.#settle(t.queue, t.jobId, { ok: true, value: job.returnvalue as unknown });
      else if (state === 'failed')
        await this.#settle(t.queue, t.jobId, { ok: false, reason: job.failedReason, job });
    }
  }

  async #settle(queue: string, jobId: string, r: Finished): Promise<void> {
    let t: TrackedAction | undefined;
    try {
      t = await this.store.tracked(queue, jobId);
      if (!t) return;
      const outcome = await this.#outcomeOf(queue, jobId, r);
      if (t.purpose === 'decision') await this.store.setOutcome(t.itemId, outcome);
      else {
        const item = await this.store.load(t.itemId);
        const head = withoutPending(item?.note ?? '');
        await this.store.setNote(t.itemId, `${head} ${undoOutcomeText(t.action, outcome)}`.trim());
        await this.store.undoFinished(t.itemId);
      }
      await this.store.untrack(queue, jobId);
      this.log.info({ itemId: t.itemId, queue, jobId, status: outcome.status }, 'platform action outcome');
      await this.out.refreshCard(t.itemId);
    } catch (err) {
      this.log.error({ err, queue, jobId, itemId: t?.itemId }, 'could not record a platform action outcome');
    }
  }

  /** What the card shows of a finished (or lost) job. */
  async #outcomeOf(queue: string, jobId: string, r: Finished): Promise<OutcomeView> {
    const at = Date.now();
    if (r.ok === 'unknown') return { status: 'unknown', detail: r.reason, at };
    if (!r.ok)
      return {
        status: 'failed',
        detail: r.reason || 'неизвестная ошибка',
        at,
        ...(await this.#stepsDone(queue, jobId, r.job)),
      };
    const parsed = ReturnSchema.safeParse(typeof r.value === 'string' ? safeJson(r.value) : r.value);
    if (!parsed.success) return { status: 'done', detail: 'выполнено', at };
    return {
      status: parsed.data.status,
      detail: parsed.data.detail,
      at,
      ...(parsed.data.manualUrl ? { manualUrl: parsed.data.manualUrl } : {}),
    };
  }

  /**
   * The steps of a failed combined action that went through, which the act worker put in the job's
   * progress (e.g. the delete of a «delete and ban» whose ban failed); none when it put nothing.
   */
  async #stepsDone(
    queue: string,
    jobId: string,
    read: Job | undefined,
  ): Promise<{ stepsDone?: readonly ActionStep[] }> {
    const job = read ?? (await this.#queues.get(queue)?.getJob(jobId));
    const p = ActProgressSchema.safeParse(job?.progress);
    return p.success && p.data.stepsDone.length > 0 ? { stepsDone: p.data.stepsDone } : {};
  }

  async close(): Promise<void> {
    await Promise.all(this.#events.map((e) => e.close()));
    await Promise.all([...this.#queues.values()].map((q) => q.close()));
    await Promise.all(this.#connections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
