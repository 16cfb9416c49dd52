import { Queue } from 'bullmq';
import type { Metrics } from '../metrics/metrics.ts';
import type { Redis } from 'ioredis';
import type { Config } from '../config/env.ts';
import { commentKey, CommentSchema, type Comment, type CommentInput } from '../core/comment.ts';
import { idempotentJobOptions, jobIdFor } from './job-options.ts';
import { MODERATE_QUEUE } from './names.ts';

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
    private readonly metrics?: Metrics,
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

  /** @throws {z.ZodError} when the adapter produced an invalid comment; Redis errors when Redis is down. */
  async submit(input: CommentInput): Promise<Submitted> {
    const j = this.#job(input);
    await this.queue.add(j.name, j.data, j.opts);
    this.metrics?.received.inc({ platform: j.data.platform });
    return { key: j.key, jobId: j.jobId };
  }

  /** Adds several comments in one round trip (webhooks that batch entries). */
  async submitMany(inputs: readonly CommentInput[]): Promise<Submitted[]> {
    const jobs = inputs.map((i) => this.#job(i));
    if (jobs.length > 0) await this.queue.addBulk(jobs.map(({ name, data, opts }) => ({ name, data, opts })));
    for (const j of jobs) this.metrics?.received.inc({ platform: j.data.platform });
    return jobs.map(({ key, jobId }) => ({ key, jobId }));
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
