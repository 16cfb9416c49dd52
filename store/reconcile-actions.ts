import type { Logger } from 'pino';
import type { ActionOutcome } from '../adapters/platform-actions.ts';
import { PLATFORMS, type Platform } from '../core/comment.ts';
import { actionIdFor, jobIdFor } from '../queues/job-options.ts';
import {
  ACT_BATCH,
  PlatformActionSchema,
  type ActBatchResult,
  type ActJobInput,
} from '../queues/payloads.ts';
import type { PipelineQueues } from '../workers/pipeline-queues.ts';
import { commentFromRow } from './audit-records.ts';
import type { AuditStore, PendingAction } from './audit-store.ts';

export interface ReconcileSummary {
  /** Requested actions without an outcome found in the log. */
  readonly checked: number;
  /** Their job was missing from BullMQ: queued again (actions are idempotent on the platform). */
  readonly requeued: number;
  /** Their job had finished; the outcome is now on record. */
  readonly completed: number;
  readonly failed: number;
  /** Still waiting, delayed or running in BullMQ: the worker will record the outcome. */
  readonly inQueue: number;
  /** Cannot be queued again: the snapshot was purged or the record is unusable. */
  readonly skipped: number;
  /**
   * Their job was missing and a newer request of the same action exists: closed as `superseded`
   * instead of being queued again (the newer request carries the action out).
   */
  readonly superseded: number;
}

const isPlatform = (p: string): p is Platform => (PLATFORMS as readonly string[]).includes(p);

/**
 * A finished job added this long before the request it is looked up for belongs to an earlier request
 * of the same action (its id is reused after /undo). Both times come from the process that wrote the
 * request and then queued its job, so the slack only covers rounding.
 */
const EARLIER_JOB_MS = 1000;

/** Act batches lost with their actions on record: queued again whole, under the recorded id. */
type LostBatches = Map<string, { readonly platform: Platform; readonly actions: ActJobInput[] }>;

/**
 * Start-up reconciliation of the write-ahead log with BullMQ: every action recorded as requested
 * but without an outcome (the process died between the audit write and the platform call) is looked
 * up in `{act-<platform>}` by its job id. A finished job gives its outcome; a missing one is queued
 * again. Nothing is ever deleted without a record, and nothing recorded is silently dropped.
 */
export async function reconcilePendingActions(
  store: AuditStore,
  queues: PipelineQueues,
  log: Logger,
  now: () => Date = () => new Date(),
): Promise<ReconcileSummary> {
  const pending = await store.pendingActions();
  const s = {
    checked: pending.length,
    requeued: 0,
    completed: 0,
    failed: 0,
    inQueue: 0,
    skipped: 0,
    superseded: 0,
  };
  const lostBatches: LostBatches = new Map();
  for (const p of pending) {
    const r = await reconcileOne(store, queues, p, now, lostBatches);
    s[r]++;
    if (r === 'requeued' || r === 'skipped' || r === 'superseded') {
      log.warn(
        { key: p.action.comment_key, action: p.action.action, jobId: p.action.job_id, result: r },
        'reconciled pending action',
      );
    }
  }
  for (const [jobId, batch] of lostBatches) {
    // A deduplication key that outlived its job must not swallow the batch queued again.
    await queues.act.get(batch.platform)?.removeDeduplicationKey(jobId);
    await queues.enqueueActBatch(batch.platform, jobId, batch.actions);
  }
  if (s.checked > 0) log.info(s, 'audit log reconciled with the action queues');
  return s;
}

async function reconcileOne(
  store: AuditStore,
  queues: PipelineQueues,
  { action: a, comment: c, superseded }: PendingAction,
  now: () => Date,
  lostBatches: LostBatches,
): Promise<'requeued' | 'completed' | 'failed' | 'inQueue' | 'skipped' | 'superseded'> {
  const action = PlatformActionSchema.safeParse(a.action);
  const comment = commentFromRow(c);
  const requestedBy =
    a.requested_by === 'moderator'
      ? { kind: 'moderator' as const, id: a.moderator_id ?? '', name: a.moderator_name ?? '' }
      : { kind: 'auto' as const };
  const base = {
    key: a.comment_key,
    action: a.action,
    jobId: a.job_id,
    requestedBy,
    reason: a.reason,
    banDays: a.ban_days,
  };
  if (!isPlatform(c.platform) || !action.success) return 'skipped';
  const queue = queues.act.get(c.platform);
  if (!queue) return 'skipped';
  const found = await queue.getJob(a.job_id);
  // A finished job of an earlier request of this action (after /undo the id is reused) says nothing
  // about this request: it is treated as missing, and queued again once the old job is cleared.
  const earlier = found !== undefined && found.timestamp < Date.parse(a.requested_at) - EARLIER_JOB_MS;
  const job = earlier ? undefined : found;
  const state = job ? await job.getState() : 'missing';
  if (state === 'completed' && job) {
    // An act batch returns the outcome of each action it carried out; one it did not carry out went
    // to the dead letter (and was recorded so) — its record is closed as failed.
    const outcome =
      job.name === ACT_BATCH
        ? (job.returnvalue as ActBatchResult | undefined)?.outcomes[actionIdFor(a.comment_key, a.action)]
        : (job.returnvalue as ActionOutcome);
    if (!outcome) {
      await store.recordActionFailure(base, 'not carried out by its act batch', true, now());
      return 'failed';
    }
    await store.recordActionOutcome(base, outcome as ActionOutcome, now());
    return 'completed';
  }
  if (state === 'failed' && job) {
    await store.recordActionFailure(base, job.failedReason || 'failed', true, now());
    return 'failed';
  }
  if (state !== 'missing' && state !== 'unknown') return 'inQueue';
  if (superseded) {
    await store.closeSupersededRequest(a.comment_key, a.action, a.request_no, now());
    return 'superseded';
  }
  if (!comment) return 'skipped';
  const input: ActJobInput = {
    key: a.comment_key,
    comment,
    action: action.data,
    reason: a.reason,
    banDays: a.ban_days,
    requestedBy,
  };
  if (a.job_id !== jobIdFor(a.comment_key, a.action)) {
    // Carried by an act batch: queued again under the batch's id (see LostBatches), so the moderate
    // job that planned it — run again after a crash — finds it queued instead of queuing it twice.
    const batch = lostBatches.get(a.job_id) ?? { platform: c.platform, actions: [] };
    batch.actions.push(input);
    lostBatches.set(a.job_id, batch);
    return 'requeued';
  }
  // Whatever an earlier job of this id left (the job, its deduplication key, its stored result) must
  // not swallow the job queued again.
  if (!(await queues.reuseActionJobId(c.platform, a.job_id))) return 'inQueue';
  await queues.enqueueAction(input);
  return 'requeued';
}
