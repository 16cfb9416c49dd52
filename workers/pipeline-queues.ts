import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/env.ts';
import { PLATFORMS, type Platform } from '../core/comment.ts';
import { actBatchJobId, idempotentJobOptions, jobIdFor } from '../queues/job-options.ts';
import { actQueueName, REVIEW_QUEUE } from '../queues/names.ts';
import { runOnceKeys } from './run-once.ts';
import {
  ACT_BATCH,
  type ActBatch,
  type ActJob,
  type ActJobInput,
  type ReviewJob,
} from '../queues/payloads.ts';

/**
 * The producer side of `{act-<platform>}` and `{review}`. Job ids derive from the comment key and
 * the action, so the same decision enqueued twice (a retried job, two button presses) is one job.
 */
export class PipelineQueues {
  readonly act: ReadonlyMap<Platform, Queue<ActJobInput>>;
  readonly review: Queue<ReviewJob>;

  constructor(
    private readonly connection: Redis,
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

  /**
   * Queues a moderated batch's actions and review items, one round trip per queue. With the moderate
   * job's id, the actions go out as one act batch job per platform (its id derives from the moderate
   * job, so a re-run queues the same job); without, one job per action.
   */
  async enqueueMany(
    acts: readonly ActJobInput[],
    reviews: readonly ReviewJob[],
    moderateJobId?: string,
  ): Promise<void> {
    const byPlatform = new Map<Platform, ActJobInput[]>();
    for (const a of acts)
      byPlatform.set(a.comment.platform, [...(byPlatform.get(a.comment.platform) ?? []), a]);
    await Promise.all([
      ...[...byPlatform].map(([platform, list]) =>
        moderateJobId
          ? this.enqueueActBatch(platform, actBatchJobId(moderateJobId, platform), list)
          : this.#actQueue(platform).addBulk(list.map((a) => this.#actJob(a))),
      ),
      reviews.length > 0 ? this.review.addBulk(reviews.map((r) => this.#reviewJob(r))) : undefined,
    ]);
  }

  /**
   * Queues an act batch under `jobId` (idempotent: a batch of that id already queued is kept). Start-up
   * reconciliation queues a lost batch again under the id its actions were recorded with, so the
   * moderate job that planned it, run again, cannot queue a second batch that acts twice.
   */
  async enqueueActBatch(platform: Platform, jobId: string, actions: readonly ActJobInput[]): Promise<void> {
    const ttl = this.cfg.DEDUPE_TTL_HOURS * 3_600_000;
    const batch: ActBatch = { actions: [...actions] };
    await (this.#actQueue(platform) as unknown as Queue<ActBatch>).add(
      ACT_BATCH,
      batch,
      idempotentJobOptions(this.cfg, this.cfg.ACT_ATTEMPTS, jobId, ttl),
    );
  }

  /**
   * Lets an action's job id (`jobIdFor(key, action)`) be queued again for a new request of the same
   * action (a moderator deciding again after /undo): removes the finished job and its deduplication
   * key, and the result a run of that id left behind — else a retry of the new job, taken for a re-run,
   * would return the old result without calling the platform. A job still waiting or running is left
   * alone (the new request then joins it).
   *
   * @returns whether the id is free (no job of it is waiting or running).
   */
  async reuseActionJobId(platform: Platform, jobId: string): Promise<boolean> {
    const q = this.#actQueue(platform);
    const old = await q.getJob(jobId);
    const state = old ? await old.getState() : 'missing';
    if (state !== 'completed' && state !== 'failed' && state !== 'missing') return false;
    if (old) await old.remove();
    await q.removeDeduplicationKey(jobId);
    const keys = runOnceKeys(this.cfg.QUEUE_PREFIX, q.name, jobId);
    await this.connection.del(keys.done, keys.dead);
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([...this.act.values(), this.review].map((q) => q.close()));
  }
}

export type { ActJob };
