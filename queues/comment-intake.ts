import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/env.ts';
import { commentKey, CommentSchema, type Comment, type CommentInput } from '../core/comment.ts';
import { LoadLinger } from '../lib/load-linger.ts';
import { MicroBatcher } from '../lib/micro-batch.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { baseJobOptions } from './job-options.ts';
import { MODERATE_QUEUE } from './names.ts';
import type { ModerateBatch } from './payloads.ts';

/** Comments per `{moderate}` job at most. */
export const MAX_BATCH = 200;

/** Raised when Redis does not take a comment in time; the platform should be told to deliver again. */
export class IntakeTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`comment not queued within ${timeoutMs} ms (Redis unreachable?)`);
    this.name = 'IntakeTimeoutError';
  }
}

/**
 * BullMQ waits for a Redis connection without limit before it sends a command, so a webhook would
 * hang while Redis is down. A bound makes it answer 503 instead; the add may still land later, and
 * the redelivery is then dropped as a duplicate.
 */
async function bounded<T>(p: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new IntakeTimeoutError(timeoutMs)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Submitted {
  /** The comment's identity, `platform:account:comment[:revision]`. */
  readonly key: string;
}

/**
 * The adapters' way into the pipeline. Validates each comment, then coalesces the comments that
 * arrive together (concurrent webhooks) into one `{moderate}` job: one Redis round trip and one job
 * for many comments. A redelivered comment may be queued again; the moderate worker decides each
 * comment key once (see `workers/comment-claims.ts`).
 */
export class CommentIntake {
  readonly queue: Queue<ModerateBatch>;
  readonly #batcher: MicroBatcher<Comment>;
  readonly #linger: LoadLinger;

  constructor(
    connection: Redis,
    private readonly cfg: Config,
    private readonly metrics?: Metrics,
    private readonly timeoutMs = 5000,
  ) {
    this.queue = new Queue<ModerateBatch>(MODERATE_QUEUE, { connection, prefix: cfg.QUEUE_PREFIX });
    this.#linger = new LoadLinger(
      cfg.INTAKE_LINGER_MS,
      Math.max(cfg.INTAKE_LINGER_MS, cfg.INTAKE_LINGER_MAX_MS),
    );
    this.#batcher = new MicroBatcher(
      (comments) => this.#add(comments),
      MAX_BATCH,
      () => {
        const ms = this.#linger.current();
        this.metrics?.intakeLinger.set(ms / 1000);
        return ms;
      },
      cfg.INTAKE_LULL_GAPS,
    );
  }

  /**
   * Queues one comment; resolves once it is safely in Redis.
   *
   * @throws {z.ZodError} when the adapter produced an invalid comment; Redis errors or
   * {@link IntakeTimeoutError} when Redis is down.
   */
  async submit(input: CommentInput): Promise<Submitted> {
    const comment = CommentSchema.parse(input);
    await this.#batcher.push(comment);
    return { key: commentKey(comment) };
  }

  /** Queues several comments at once (webhooks that batch entries, pollers). */
  async submitMany(inputs: readonly CommentInput[]): Promise<Submitted[]> {
    const comments = inputs.map((i) => CommentSchema.parse(i));
    for (let i = 0; i < comments.length; i += MAX_BATCH) await this.#add(comments.slice(i, i + MAX_BATCH));
    return comments.map((c) => ({ key: commentKey(c) }));
  }

  async #add(comments: readonly Comment[]): Promise<void> {
    if (comments.length === 0) return;
    const data: ModerateBatch = { comments };
    await bounded(
      this.queue.add('batch', data, baseJobOptions(this.cfg, this.cfg.MODERATE_ATTEMPTS)),
      this.timeoutMs,
    );
    for (const c of comments) this.metrics?.received.inc({ platform: c.platform });
  }

  /** Comments waiting to be moderated (for tests and the operator's eyes). */
  async waitingComments(): Promise<Comment[]> {
    const jobs = await this.queue.getJobs(['waiting', 'prioritized', 'delayed']);
    return jobs.flatMap((j) => j.data.comments);
  }

  close(): Promise<void> {
    this.#linger.stop();
    return this.queue.close();
  }
}
