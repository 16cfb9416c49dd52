import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/env.ts';
import { commentKey, CommentSchema, type Comment, type CommentInput } from '../core/comment.ts';
import { idempotentJobOptions, jobIdFor } from './job-options.ts';
import { MODERATE_QUEUE } from './names.ts';

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

  constructor(
    connection: Redis,
    private readonly cfg: Config,
    private readonly timeoutMs = 5000,
  ) {
    this.queue = new Queue<Comment>(MODERATE_QUEUE, { connection, prefix: cfg.QUEUE_PREFIX });
  }

  #job(input: CommentInput) {
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
    const j = this.#job(input);
    await bounded(this.queue.add(j.name, j.data, j.opts), this.timeoutMs);
    return { key: j.key, jobId: j.jobId };
  }

  /** Adds several comments in one round trip (webhooks that batch entries). */
  async submitMany(inputs: readonly CommentInput[]): Promise<Submitted[]> {
    const jobs = inputs.map((i) => this.#job(i));
    if (jobs.length > 0)
      await bounded(
        this.queue.addBulk(jobs.map(({ name, data, opts }) => ({ name, data, opts }))),
        this.timeoutMs,
      );
    return jobs.map(({ key, jobId }) => ({ key, jobId }));
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
