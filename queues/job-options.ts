import type { JobsOptions } from 'bullmq';
import type { Config } from '../config/env.ts';

/**
 * BullMQ forbids ':' in custom job ids (it is its key separator), so the logical key
 * `platform:account:comment[:revision]` is stored with '|' instead.
 */
export const jobIdFor = (key: string, suffix?: string): string =>
  (suffix ? `${key}:${suffix}` : key).replaceAll(':', '|');

/** The id of one action: the comment key and the action (`vk|acc|123|delete`). */
export const actionIdFor = (key: string, action: string): string => jobIdFor(key, action);

/** The `{act-<platform>}` batch job carrying the automatic actions of moderate job `moderateJobId`. */
export const actBatchJobId = (moderateJobId: string, platform: string): string =>
  jobIdFor(`batch:${platform}:${moderateJobId}`);

type RetentionConfig = Pick<Config, 'KEEP_COMPLETED_JOBS' | 'KEEP_FAILED_JOBS' | 'RETRY_BASE_DELAY_MS'>;

/** Retention and retry settings shared by every queue. */
export function baseJobOptions(cfg: RetentionConfig, attempts: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: cfg.RETRY_BASE_DELAY_MS },
    removeOnComplete: { count: cfg.KEEP_COMPLETED_JOBS },
    removeOnFail: { count: cfg.KEEP_FAILED_JOBS },
  };
}

/**
 * Options for an idempotent job: the job id and a deduplication key that outlives the job for
 * `ttlMs`, so a redelivery after the job finished is still dropped.
 */
export function idempotentJobOptions(
  cfg: RetentionConfig,
  attempts: number,
  jobId: string,
  ttlMs: number,
): JobsOptions {
  return { ...baseJobOptions(cfg, attempts), jobId, deduplication: { id: jobId, ttl: ttlMs } };
}
