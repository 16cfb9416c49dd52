import { Queue } from 'bullmq';
import type { Metrics } from '../metrics/metrics.ts';
import type { Redis } from 'ioredis';
import type { Config } from '../config/env.ts';
import { commentKey, CommentSchema, type Comment, type CommentInput } from '../core/comment.ts';
import { idempotentJobOptions, jobIdFor } from './job-options.ts';
import { MicroBatcher } from './micro-batch.ts';
import { MODERATE_QUEUE } from './names.ts';

type PreparedJob = ReturnType<CommentIntake['prepare']>;

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

  /** @throws {z.ZodError} when the adapter produced an invalid comment; Redis errors when Redis is down. */
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
    await this.queue.addBulk(jobs.map(({ name, data, opts }) => ({ name, data, opts })));
    for (const j of jobs) this.metrics?.received.inc({ platform: j.data.platform });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
