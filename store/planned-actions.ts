import type { AccountRegistry } from '../config/accounts.ts';
import { actBatchJobId, jobIdFor } from '../queues/job-options.ts';
import { automaticActions } from '../workers/automatic-actions.ts';
import type { DecisionEvent, ReviewDecisionEvent, ReviewUndoEvent } from '../workers/moderation-observer.ts';
import type { PlannedAction } from './audit-records.ts';

/** Reason recorded when a moderator acts and no rule gave one. */
export const MODERATOR_REASON = 'Решение модератора';

/** Reason recorded for the platform action of a moderator's `/undo`. */
export const UNDO_REASON = 'Отмена решения модератора (/undo)';

/** The actions an automatic decision queues, as the audit log records them before they are queued. */
export function plannedForDecision(e: DecisionEvent): PlannedAction[] {
  return automaticActions(e).map((a) => ({
    action: a.action,
    // The BullMQ job that will carry it out: the moderate job's act batch, or (decisions made
    // outside a moderate job) a job of its own.
    jobId: e.moderateJobId ? actBatchJobId(e.moderateJobId, e.comment.platform) : jobIdFor(e.key, a.action),
    requestedBy: { kind: 'auto' },
    reason: a.reason,
    banDays: 0,
  }));
}

/**
 * The action a moderator's decision queues, with the job id the bot gives it (`jobIdFor(key, action)`,
 * `bot/decisions.ts`): none for «оставить», except `unhide` of a comment hidden while in review
 * (Facebook/Instagram with `hide_while_review`).
 */
export function plannedForReview(
  e: ReviewDecisionEvent,
  accounts: AccountRegistry,
  reason: string,
): PlannedAction[] {
  const requestedBy = { kind: 'moderator', id: e.moderator.id, name: e.moderator.name } as const;
  if (e.decision === 'keep') {
    const p = e.comment.platform;
    const hid = accounts.get(e.comment.accountId)?.hide_while_review ?? false;
    if (!hid || (p !== 'facebook' && p !== 'instagram')) return [];
    return [
      {
        action: 'unhide',
        jobId: jobIdFor(e.key, 'unhide'),
        requestedBy,
        reason: reason || MODERATOR_REASON,
        banDays: 0,
      },
    ];
  }
  const banDays = e.decision === 'delete_and_ban' ? (accounts.get(e.comment.accountId)?.ban_days ?? 0) : 0;
  return [
    {
      action: e.decision,
      jobId: jobIdFor(e.key, e.decision),
      requestedBy,
      reason: reason || MODERATOR_REASON,
      banDays,
    },
  ];
}

/**
 * The action a moderator's `/undo` queues (restore, unban, both, or hide again), with the job id the
 * bot gives it (`jobIdFor(key, action)`); none when the undo only reopens the card.
 */
export function plannedForUndo(e: ReviewUndoEvent): PlannedAction[] {
  if (!e.action) return [];
  return [
    {
      action: e.action,
      jobId: jobIdFor(e.key, e.action),
      requestedBy: { kind: 'moderator', id: e.moderator.id, name: e.moderator.name },
      reason: UNDO_REASON,
      banDays: 0,
    },
  ];
}
