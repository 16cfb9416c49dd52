import type { CommentSignals, RuleSet } from './rules/rule.ts';
import { type Category, type RuleAction, type RuleResult, severity } from './rules/rule-result.ts';
import { normalize } from './text/normalize.ts';
import type { NormalizedText } from './text/normalized-text.ts';

/** What the rules say about one text, before the account's mode is applied. */
export interface Verdict {
  readonly verdict: RuleAction;
  /** Every rule's result, hit or not, in rule-set order. */
  readonly results: readonly RuleResult[];
  /** Ids of the hit rules whose action decided the verdict. */
  readonly decidedBy: readonly string[];
  /** Categories of all hit rules, deduplicated, in the canonical order. */
  readonly categories: readonly Category[];
  readonly ruleSetVersion: string;
  readonly normalized: NormalizedText;
}

/**
 * Runs every rule on a text and combines the results: the most severe action among the hit rules
 * wins (`delete` > `review` > `keep`); no hit means `keep`.
 */
export function evaluateText(
  ruleSet: RuleSet,
  text: string | NormalizedText,
  signals: CommentSignals = {},
): Verdict {
  const normalized = typeof text === 'string' ? normalize(text) : text;
  const input = { text: normalized, signals };
  // Plain loops: most comments hit nothing, and then nothing else needs building.
  const results: RuleResult[] = [];
  let verdict: RuleAction = 'keep';
  let anyHit = false;
  for (const rule of ruleSet.rules) {
    const r = rule.evaluate(input);
    results.push(r);
    if (!r.hit) continue;
    anyHit = true;
    if (severity(r.details.action) > severity(verdict)) verdict = r.details.action;
  }
  const decidedBy: string[] = [];
  const categories: Category[] = [];
  if (anyHit) {
    for (const r of results)
      if (r.hit && verdict !== 'keep' && r.details.action === verdict) decidedBy.push(r.ruleId);
    for (const c of CATEGORY_ORDER) if (results.some((r) => r.hit && r.category === c)) categories.push(c);
  }
  return { verdict, results, decidedBy, categories, ruleSetVersion: ruleSet.version, normalized };
}

const CATEGORY_ORDER: readonly Category[] = ['obscene', 'insult', 'spam', 'unlawful'];
