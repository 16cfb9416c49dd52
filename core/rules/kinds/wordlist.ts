import { z } from 'zod';
import type { Rule, RuleInput } from '../rule.ts';
import { baseRuleFields, type RuleKind } from '../rule-kind.ts';
import { GROUNDS, type RuleResult, type Span } from '../rule-result.ts';
import { toOriginalSpan } from '../../text/normalized-text.ts';
import { isValidRegExp, wordListRegExp } from '../word-pattern.ts';

export const wordlistSchema = z
  .object({
    ...baseRuleFields,
    kind: z.literal('wordlist'),
    words: z.array(z.string().min(1).max(100)).default([]),
    patterns: z
      .array(z.string().min(1).max(2000).refine(isValidRegExp, 'not a valid regular expression'))
      .default([]),
    /** Number of distinct matches needed for a hit. */
    min_matches: z.number().int().min(1).max(50).default(1),
  })
  .strict()
  .refine((d) => d.words.length + d.patterns.length > 0, { message: 'needs at least one word or pattern' });
export type WordlistDef = z.infer<typeof wordlistSchema>;

/**
 * The simplest rule: a list of whole words (with `*` for a prefix) and regular expressions, matched on
 * the normalised text (lower case, ё→е).
 */
export const wordlistKind: RuleKind = {
  kind: 'wordlist',
  schema: wordlistSchema,
  compile(base, source): Rule {
    const def = base as WordlistDef;
    const regexes = [
      wordListRegExp(def.words),
      ...def.patterns.map((p) => new RegExp(p, 'gu')),
    ].filter((r): r is RegExp => r !== null);
    const miss: RuleResult = {
      ruleId: def.id,
      category: def.category,
      hit: false,
      score: 0,
      spans: [],
      details: { action: 'keep', reason: def.reason, ground: GROUNDS[def.category] },
    };
    return {
      id: def.id,
      kind: 'wordlist',
      category: def.category,
      action: def.action,
      reason: def.reason,
      source,
      evaluate({ text }: RuleInput): RuleResult {
        const spans: Span[] = [];
        const matched = new Set<string>();
        for (const re of regexes) {
          re.lastIndex = 0;
          for (const m of text.text.matchAll(re)) {
            if (m[0].length === 0) continue;
            spans.push(toOriginalSpan(text, m.index, m.index + m[0].length));
            matched.add(m[0]);
          }
        }
        if (matched.size < def.min_matches) return miss;
        spans.sort((a, b) => a.start - b.start);
        return {
          ruleId: def.id,
          category: def.category,
          hit: true,
          score: 1,
          spans,
          details: { action: def.action, reason: def.reason, ground: GROUNDS[def.category], matched: [...matched] },
        };
      },
    };
  },
};
