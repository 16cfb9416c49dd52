import type { AccountRegistry } from '../config/accounts.ts';
import { jobIdFor } from '../queues/job-options.ts';
import type { DecisionEvent, ReviewDecisionEvent } from '../workers/moderation-observer.ts';
import type { PlannedAction } from './audit-records.ts';

/** Reason recorded when a moderator acts and no rule gave one. */
export const MODERATOR_REASON = 'Решение модератора';

/**
 * The platform actions the moderate worker queues after an automatic decision — mirrored here so
 * they are on record before they are queued (keep in step with `workers/moderate-worker.ts`).
 */
export function plannedForDecision(e: DecisionEvent): PlannedAction[] {
  const auto = { kind: 'auto' } as const;
  if (e.outcome === 'delete') {
    const decidedBy = new Set(e.verdict.decidedBy);
    const reason = e.verdict.results.find((r) => r.hit && decidedBy.has(r.ruleId))?.details.reason ?? '';
    return [{ action: 'delete', jobId: jobIdFor(e.key, 'delete'), requestedBy: auto, reason, banDays: 0 }];
  }
  const p = e.comment.platform;
  if (e.outcome === 'review' && e.account.hide_while_review && (p === 'facebook' || p === 'instagram')) {
    return [{ action: 'hide', jobId: jobIdFor(e.key, 'hide'), requestedBy: auto, reason: '', banDays: 0 }];
  }
  return [];
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
