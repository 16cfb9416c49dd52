import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/env.ts';
import { AUDIT_QUEUE } from '../queues/names.ts';
import type { AuditStore } from './audit-store.ts';

const SCHEDULER_ID = 'audit-retention-purge';
const DAY_MS = 86_400_000;

export interface RetentionJob {
  /** Runs one purge now (the scheduled job does the same). */
  purgeNow(): Promise<number>;
  close(): Promise<void>;
}

type RetentionConfig = Pick<
  Config,
  | 'QUEUE_PREFIX'
  | 'AUDIT_RETENTION_DAYS'
  | 'AUDIT_PURGE_EVERY_MIN'
  | 'KEEP_COMPLETED_JOBS'
  | 'KEEP_FAILED_JOBS'
>;

/**
 * Schedules the retention purge as a BullMQ job scheduler on `{audit}` (one schedule however many
 * processes start it) and runs its worker: snapshots older than `AUDIT_RETENTION_DAYS` lose their
 * text and author; verdicts, decisions and counts stay.
 */
export async function startRetentionJob(
  cfg: RetentionConfig,
  connection: Redis,
  store: AuditStore,
  log: Logger,
  now: () => Date = () => new Date(),
): Promise<RetentionJob> {
  const purgeNow = async () => {
    const at = now();
    const cutoff = new Date(at.getTime() - cfg.AUDIT_RETENTION_DAYS * DAY_MS);
    const n = await store.purgeBefore(cutoff, at);
    log.info({ purged: n, cutoff: cutoff.toISOString() }, 'audit retention purge');
    return n;
  };
  const queue = new Queue(AUDIT_QUEUE, { connection, prefix: cfg.QUEUE_PREFIX });
  await queue.upsertJobScheduler(
    SCHEDULER_ID,
    { every: cfg.AUDIT_PURGE_EVERY_MIN * 60_000 },
    {
      name: 'purge',
      data: {},
      opts: {
        removeOnComplete: { count: cfg.KEEP_COMPLETED_JOBS },
        removeOnFail: { count: cfg.KEEP_FAILED_JOBS },
      },
    },
  );
  const worker = new Worker(AUDIT_QUEUE, async () => ({ purged: await purgeNow() }), {
    connection,
    prefix: cfg.QUEUE_PREFIX,
    concurrency: 1,
  });
  worker.on('failed', (job, err) => log.error({ err, jobId: job?.id }, 'audit retention purge failed'));
  worker.on('error', (err) => log.error({ err }, 'audit worker error'));
  return {
    purgeNow,
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}
