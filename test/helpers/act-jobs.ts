import type { Job, Queue } from 'bullmq';
import { jobIdFor } from '../../queues/job-options.ts';
import { ACT_BATCH } from '../../queues/payloads.ts';

const STATES = ['active', 'waiting', 'delayed', 'prioritized', 'completed', 'failed'] as const;

/**
 * The `{act-…}` job that carries out `action` on comment `key`: a job of its own (a moderator's
 * decision, a re-queued action) or the act batch of the moderate job that decided it.
 */
export async function actJobOf(q: Queue, key: string, action: string): Promise<Job | undefined> {
  const own = await q.getJob(jobIdFor(key, action));
  if (own) return own;
  const jobs = (await q.getJobs([...STATES])) as Job[];
  return jobs.find(
    (j) =>
      j.name === ACT_BATCH &&
      (j.data as { actions: { key: string; action: string }[] }).actions.some(
        (a) => a.key === key && a.action === action,
      ),
  );
}

/** The state of that job ('missing' when there is none yet). */
export async function actJobState(q: Queue, key: string, action: string): Promise<string> {
  const job = await actJobOf(q, key, action);
  return job ? await job.getState() : 'missing';
}
