import { Queue } from 'bullmq';
import type { Metrics } from '../metrics/metrics.ts';
import type { Redis } from 'ioredis';
import type { Config } from '../config/env.ts';
import { commentKey, CommentSchema, type Comment, type CommentInput } from '../core/comment.ts';
import { idempotentJobOptions, jobIdFor } from './job-options.ts';
import { MicroBatcher } from './micro-batch.ts';
import { MODERATE_QUEUE } from './names.ts';

type PreparedJob = ReturnType<CommentIntake['prepare']>;

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
  readonly key: string;
  readonly jobId: string;
}

/**
 * The adapters' way into the pipeline: validates a comment and adds it to `{moderate}` under an
 * idempotent job id, so a redelivered event is one job.
 */
export class CommentIntake {
  readonly queue: Queue<Comment>;
  readonly #batcher: MicroBatcher<PreparedJob>;

  constructor(
    connection: Redis,
    private readonly cfg: Config,
    private readonly metrics?: Metrics,
    private readonly timeoutMs = 5000,
  ) {
    this.queue = new Queue<Comment>(MODERATE_QUEUE, { connection, prefix: cfg.QUEUE_PREFIX });
    // Webhooks arriving together share one addBulk round trip; each still waits for its own job.
    this.#batcher = new MicroBatcher((jobs) => this.#add(jobs));
  }

  /** Validates a comment and builds its idempotent job. @throws {z.ZodError} */
  prepare(input: CommentInput) {
    const comment = CommentSchema.parse(input);
    const key = commentKey(comment);
    const jobId = jobIdFor(key);
    const opts = idempotentJobOptions(this.cfg, 5, jobId, this.cfg.DEDUPE_TTL_HOURS * 3_600_000);
    return { name: comment.platform, data: comment, opts, key, jobId };
  }

  /**
   * @throws {z.ZodError} when the adapter produced an invalid comment; Redis errors or
   * {@link IntakeTimeoutError} when Redis is down.
   */
  async submit(input: CommentInput): Promise<Submitted> {
    const j = this.prepare(input);
    await this.#batcher.push(j);
    return { key: j.key, jobId: j.jobId };
  }

  /** Adds several comments in one round trip (webhooks that batch entries). */
  async submitMany(inputs: readonly CommentInput[]): Promise<Submitted[]> {
    const jobs = inputs.map((i) => this.prepare(i));
    await this.#add(jobs);
    return jobs.map(({ key, jobId }) => ({ key, jobId }));
  }

  async #add(jobs: readonly PreparedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await bounded(
      this.queue.addBulk(jobs.map(({ name, data, opts }) => ({ name, data, opts }))),
      this.timeoutMs,
    );
    for (const j of jobs) this.metrics?.received.inc({ platform: j.data.platform });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
