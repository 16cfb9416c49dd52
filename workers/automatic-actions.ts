import type { DecisionEvent } from './moderation-observer.ts';

/** A platform action an automatic decision asks for. */
export interface AutomaticAction {
  readonly action: 'delete' | 'hide';
  readonly reason: string;
}

/**
 * The platform actions that follow an automatic decision: a deletion, or a hide while a person
 * decides (Facebook/Instagram accounts with `hide_while_review`). The moderate worker queues exactly
 * these, and the audit log records them before they are queued.
 */
export function automaticActions(
  e: Pick<DecisionEvent, 'outcome' | 'verdict' | 'account' | 'comment'>,
): AutomaticAction[] {
  if (e.outcome === 'delete') {
    const decidedBy = new Set(e.verdict.decidedBy);
    const reason = e.verdict.results.find((r) => r.hit && decidedBy.has(r.ruleId))?.details.reason ?? '';
    return [{ action: 'delete', reason }];
  }
  const p = e.comment.platform;
  if (e.outcome === 'review' && e.account.hide_while_review && (p === 'facebook' || p === 'instagram')) {
    return [{ action: 'hide', reason: '' }];
  }
  return [];
}
