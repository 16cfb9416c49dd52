import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/env.ts';
import { PLATFORMS, type Platform } from '../core/comment.ts';
import { idempotentJobOptions, jobIdFor } from '../queues/job-options.ts';
import { actQueueName, REVIEW_QUEUE } from '../queues/names.ts';
import type { ActJob, ActJobInput, ReviewJob } from '../queues/payloads.ts';

/**
 * The producer side of `{act-<platform>}` and `{review}`. Job ids derive from the comment key and
 * the action, so the same decision enqueued twice (a retried job, two button presses) is one job.
 */
export class PipelineQueues {
  readonly act: ReadonlyMap<Platform, Queue<ActJobInput>>;
  readonly review: Queue<ReviewJob>;

  constructor(
    connection: Redis,
    private readonly cfg: Config,
  ) {
    const prefix = cfg.QUEUE_PREFIX;
    this.act = new Map(
      PLATFORMS.map((p) => [p, new Queue<ActJobInput>(actQueueName(p), { connection, prefix })]),
    );
    this.review = new Queue<ReviewJob>(REVIEW_QUEUE, { connection, prefix });
  }

  #ttl(): number {
    return this.cfg.DEDUPE_TTL_HOURS * 3_600_000;
  }

  async enqueueAction(job: ActJobInput, tag: string = job.action): Promise<string> {
    const q = this.act.get(job.comment.platform);
    if (!q) throw new Error(`no act queue for ${job.comment.platform}`);
    const jobId = jobIdFor(job.key, tag);
    await q.add(job.action, job, idempotentJobOptions(this.cfg, this.cfg.ACT_ATTEMPTS, jobId, this.#ttl()));
    return jobId;
  }

  async enqueueReview(job: ReviewJob): Promise<string> {
    const jobId = jobIdFor(job.key);
    await this.review.add('review', job, idempotentJobOptions(this.cfg, 10, jobId, this.#ttl()));
    return jobId;
  }

  /** Queues many actions and review items, one round trip per queue (a moderated batch). */
  async enqueueMany(acts: readonly ActJobInput[], reviews: readonly ReviewJob[]): Promise<void> {
    const ttl = this.#ttl();
    const byQueue = new Map<Queue<ActJobInput>, ActJobInput[]>();
    for (const a of acts) {
      const q = this.act.get(a.comment.platform);
      if (!q) throw new Error(`no act queue for ${a.comment.platform}`);
      byQueue.set(q, [...(byQueue.get(q) ?? []), a]);
    }
    await Promise.all([
      ...[...byQueue].map(([q, list]) =>
        q.addBulk(
          list.map((a) => ({
            name: a.action,
            data: a,
            opts: idempotentJobOptions(this.cfg, this.cfg.ACT_ATTEMPTS, jobIdFor(a.key, a.action), ttl),
          })),
        ),
      ),
      reviews.length > 0
        ? this.review.addBulk(
            reviews.map((r) => ({
              name: 'review',
              data: r,
              opts: idempotentJobOptions(this.cfg, 10, jobIdFor(r.key), ttl),
            })),
          )
        : undefined,
    ]);
  }

  async close(): Promise<void> {
    await Promise.all([...this.act.values(), this.review].map((q) => q.close()));
  }
}

export type { ActJob };
