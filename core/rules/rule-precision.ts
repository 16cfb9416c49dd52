import type { Rule, RuleSet } from './rule.ts';
import type { RuleResult } from './rule-result.ts';

/** Moderators' decisions on comments one rule flagged (hit with `delete` or `review`). */
export interface RuleDecisionStats {
  readonly ruleId: string;
  readonly category: string;
  /** The action the rule asked for (`delete` or `review`). */
  readonly action: string;
  /** Comments a moderator decided on. */
  readonly decided: number;
  /** …of which the moderator removed (delete, delete and ban): the rule was right. */
  readonly deleted: number;
  /** …of which the moderator kept: the rule was overturned. */
  readonly kept: number;
}

export interface RulePrecision extends RuleDecisionStats {
  /** kept / decided; 0 when nothing was decided. */
  readonly overturnRate: number;
  /** deleted / decided; 0 when nothing was decided. */
  readonly precision: number;
  /** Enough decisions and an overturn rate above the limit. */
  readonly overLimit: boolean;
}

export interface PrecisionLimits {
  /** Highest acceptable overturn rate, 0..1. */
  readonly maxRate: number;
  /** Fewest decisions before a rate is trusted. */
  readonly minDecisions: number;
}

/**
 * Computes each rule's precision from moderators' decisions and marks the rules moderators overturn
 * more often than allowed. Sorted by overturn rate, then by number of decisions (both descending).
 *
 * @example rateRules([{ ruleId: 'a', category: 'insult', action: 'delete', decided: 10, deleted: 6, kept: 4 }],
 *   { maxRate: 0.3, minDecisions: 10 })[0].overLimit === true
 */
export function rateRules(stats: readonly RuleDecisionStats[], limits: PrecisionLimits): RulePrecision[] {
  return stats
    .map((s) => {
      const overturnRate = s.decided > 0 ? s.kept / s.decided : 0;
      return {
        ...s,
        overturnRate,
        precision: s.decided > 0 ? s.deleted / s.decided : 0,
        overLimit: s.decided >= limits.minDecisions && overturnRate > limits.maxRate,
      };
    })
    .sort((a, b) => b.overturnRate - a.overturnRate || b.decided - a.decided || a.ruleId.localeCompare(b.ruleId));
}

function demoted(rule: Rule): Rule {
  return {
    id: rule.id,
    kind: rule.kind,
    category: rule.category,
    action: 'review',
    reason: rule.reason,
    source: rule.source,
    evaluate(input): RuleResult {
      const r = rule.evaluate(input);
      if (!r.hit || r.details.action !== 'delete') return r;
      return { ...r, details: { ...r.details, action: 'review', demoted: true } };
    },
  };
}

/**
 * The rule set with the named rules demoted from `delete` to `review` — only those whose rule file
 * allows it (`auto_demote: true`, listed in `set.demotable`). A demoted rule's hits carry
 * `details.demoted = true`, so the audit log shows why a person decided. Returns `set` itself when
 * nothing changes.
 */
export function demoteRules(set: RuleSet, ids: ReadonlySet<string>): RuleSet {
  const allowed = new Set((set.demotable ?? []).filter((id) => ids.has(id)));
  if (allowed.size === 0) return set;
  return Object.freeze({
    ...set,
    rules: Object.freeze(set.rules.map((r) => (allowed.has(r.id) && r.action === 'delete' ? demoted(r) : r))),
  });
}
