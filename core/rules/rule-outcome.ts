import type { BaseRuleDef } from './rule-kind.ts';
import { GROUNDS, type RuleAction, type RuleResult, type Span } from './rule-result.ts';

/** The result of a rule that did not fire. */
export function missResult(def: BaseRuleDef): RuleResult {
  const result: RuleResult = {
    ruleId: def.id,
    category: def.category,
    hit: false,
    score: 0,
    spans: [],
    details: { action: 'keep', reason: def.reason, ground: GROUNDS[def.category] },
  };
  return Object.freeze(result);
}

/** The result of a rule that fired, spans sorted and merged. */
export function hitResult(
  def: BaseRuleDef,
  action: RuleAction,
  score: number,
  spans: readonly Span[],
  extra: Record<string, unknown> = {},
): RuleResult {
  return {
    ruleId: def.id,
    category: def.category,
    hit: true,
    score: Math.max(0, Math.min(1, score)),
    spans: mergeSpans(spans),
    details: { action, reason: def.reason, ground: GROUNDS[def.category], ...extra },
  };
}

/** Sorts spans and merges overlapping ones. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted: Span[] = [];
  for (const s of spans) if (s.end > s.start) sorted.push(s);
  sorted.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const prev = out[out.length - 1];
    if (prev && s.start <= prev.end) out[out.length - 1] = { start: prev.start, end: Math.max(prev.end, s.end) };
    else out.push(s);
  }
  return out;
}
