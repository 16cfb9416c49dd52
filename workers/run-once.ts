import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * A re-run after a crash happens within the lock duration plus the stalled-check interval (about a
 * minute by default), so markers need not outlive that by much; a short life keeps Redis small.
 */
export const RUN_ONCE_TTL_S = 600;

/** Where a unit of work's result is kept, and (act batches) the note that it went to the dead letter. */
export const runOnceKeys = (prefix: string, queueName: string, id: string) => {
  const done = `${prefix}:once:${queueName}:${id}`;
  return { done, dead: `${done}:dead` };
};

/**
 * Makes a job's side effects happen once even when BullMQ runs it again — after its worker died
 * between doing the work and recording the result, or after Redis went away at that moment.
 *
 * The result is stored under `<prefix>:once:<queue>:<jobId>` right after the work; a re-run (the
 * job's `attemptsStarted` > 1) returns the stored result instead of working again. First runs skip the
 * look-up, so the common path costs one extra write.
 */
export async function runOnce<T>(
  redis: Redis,
  prefix: string,
  job: Pick<Job, 'id' | 'queueName' | 'attemptsStarted'>,
  ttlSeconds: number,
  work: () => Promise<T>,
): Promise<T> {
  return runOnceAs(redis, prefix, job.queueName, job.id ?? '', job.attemptsStarted > 1, ttlSeconds, work);
}

/**
 * {@link runOnce} for one unit of work named `id` inside a job (an action of an act batch): the same
 * marker a job of that id would use, looked up only when the job runs again (`rerun`).
 */
export async function runOnceAs<T>(
  redis: Redis,
  prefix: string,
  queueName: string,
  id: string,
  rerun: boolean,
  ttlSeconds: number,
  work: () => Promise<T>,
  /** Told when the result is the one a run before stored (the work was not done now). */
  onStored?: () => void,
): Promise<T> {
  const key = runOnceKeys(prefix, queueName, id).done;
  if (rerun) {
    const stored = await redis.get(key);
    if (stored !== null) {
      onStored?.();
      return JSON.parse(stored) as T;
    }
  }
  const result = await work();
  await redis.set(key, JSON.stringify(result), 'EX', ttlSeconds);
  return result;
}
