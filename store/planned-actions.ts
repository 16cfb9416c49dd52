import type { AccountRegistry } from '../config/accounts.ts';
import { jobIdFor } from '../queues/job-options.ts';
import { automaticActions } from '../workers/automatic-actions.ts';
import type { DecisionEvent, ReviewDecisionEvent } from '../workers/moderation-observer.ts';
import type { PlannedAction } from './audit-records.ts';

/** Reason recorded when a moderator acts and no rule gave one. */
export const MODERATOR_REASON = 'Решение модератора';

/** The actions an automatic decision queues, as the audit log records them before they are queued. */
export function plannedForDecision(e: DecisionEvent): PlannedAction[] {
  return automaticActions(e).map((a) => ({
    action: a.action,
    jobId: jobIdFor(e.key, a.action),
    requestedBy: { kind: 'auto' },
    reason: a.reason,
    banDays: 0,
  }));
}

/** The action a moderator's decision queues (none for «оставить»), tagged like the bot tags it. */
export function plannedForReview(
  e: ReviewDecisionEvent,
  accounts: AccountRegistry,
  reason: string,
): PlannedAction[] {
  if (e.decision === 'keep') return [];
  const banDays = e.decision === 'delete_and_ban' ? (accounts.get(e.comment.accountId)?.ban_days ?? 0) : 0;
  return [
    {
      action: e.decision,
      jobId: jobIdFor(e.key, e.decision),
      requestedBy: { kind: 'moderator', id: e.moderator.id, name: e.moderator.name },
      reason: reason || MODERATOR_REASON,
      banDays,
    },
  ];
}
