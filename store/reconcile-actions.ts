import type { Logger } from 'pino';
import type { ActionOutcome } from '../adapters/platform-actions.ts';
import { PLATFORMS, type Platform } from '../core/comment.ts';
import { actionIdFor } from '../queues/job-options.ts';
import { ACT_BATCH, PlatformActionSchema, type ActBatchResult } from '../queues/payloads.ts';
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
  for (const p of pending) {
    const r = await reconcileOne(store, queues, p, now);
    s[r]++;
    if (r === 'requeued' || r === 'skipped' || r === 'superseded') {
      log.warn(
        { key: p.action.comment_key, action: p.action.action, result: r },
        'reconciled pending action',
      );
    }
  }
  if (s.checked > 0) log.info(s, 'audit log reconciled with the action queues');
  return s;
}

async function reconcileOne(
  store: AuditStore,
  queues: PipelineQueues,
  { action: a, comment: c, superseded }: PendingAction,
  now: () => Date,
): Promise<'requeued' | 'completed' | 'failed' | 'inQueue' | 'skipped' | 'superseded'> {
  const queue = isPlatform(c.platform) ? queues.act.get(c.platform) : undefined;
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
  if (!queue || !action.success) return 'skipped';
  const job = await queue.getJob(a.job_id);
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
  // A deduplication key that outlived its job must not swallow the job queued again.
  await queue.removeDeduplicationKey(a.job_id);
  await queues.enqueueAction({
    key: a.comment_key,
    comment,
    action: action.data,
    reason: a.reason,
    banDays: a.ban_days,
    requestedBy,
  });
  return 'requeued';
}
