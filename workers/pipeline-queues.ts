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

  /** The act queue of a platform. */
  #actQueue(platform: ActJobInput['comment']['platform']): Queue<ActJobInput> {
    const q = this.act.get(platform);
    if (!q) throw new Error(`no act queue for ${platform}`);
    return q;
  }

  /** A platform action's job: its id derives from the comment key and `tag` (the action by default). */
  #actJob(job: ActJobInput, tag: string = job.action) {
    const jobId = jobIdFor(job.key, tag);
    const ttl = this.cfg.DEDUPE_TTL_HOURS * 3_600_000;
    return {
      name: job.action,
      data: job,
      opts: idempotentJobOptions(this.cfg, this.cfg.ACT_ATTEMPTS, jobId, ttl),
    };
  }

  /** A review item's job: one per comment key. */
  #reviewJob(job: ReviewJob) {
    const ttl = this.cfg.DEDUPE_TTL_HOURS * 3_600_000;
    return { name: 'review', data: job, opts: idempotentJobOptions(this.cfg, 10, jobIdFor(job.key), ttl) };
  }

  async enqueueAction(job: ActJobInput, tag: string = job.action): Promise<string> {
    const j = this.#actJob(job, tag);
    await this.#actQueue(job.comment.platform).add(j.name, j.data, j.opts);
    return j.opts.jobId ?? '';
  }

  async enqueueReview(job: ReviewJob): Promise<string> {
    const j = this.#reviewJob(job);
    await this.review.add(j.name, j.data, j.opts);
    return j.opts.jobId ?? '';
  }

  /** Queues many actions and review items, one round trip per queue (a moderated batch). */
  async enqueueMany(acts: readonly ActJobInput[], reviews: readonly ReviewJob[]): Promise<void> {
    const byQueue = new Map<Queue<ActJobInput>, ActJobInput[]>();
    for (const a of acts) {
      const q = this.#actQueue(a.comment.platform);
      byQueue.set(q, [...(byQueue.get(q) ?? []), a]);
    }
    await Promise.all([
      ...[...byQueue].map(([q, list]) => q.addBulk(list.map((a) => this.#actJob(a)))),
      reviews.length > 0 ? this.review.addBulk(reviews.map((r) => this.#reviewJob(r))) : undefined,
    ]);
  }

  async close(): Promise<void> {
    await Promise.all([...this.act.values(), this.review].map((q) => q.close()));
  }
}

export type { ActJob };
