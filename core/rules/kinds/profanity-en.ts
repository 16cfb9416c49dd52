import leo from 'leo-profanity';
import { z } from 'zod';
import { toOriginalSpan } from '../../text/normalized-text.ts';
import type { Rule, RuleInput } from '../rule.ts';
import { baseRuleFields, type RuleKind } from '../rule-kind.ts';
import { hitResult, missResult } from '../rule-outcome.ts';
import type { Span } from '../rule-result.ts';
import { normalizeWord } from '../word-pattern.ts';

export const profanityEnSchema = z
  .object({
    ...baseRuleFields,
    kind: z.literal('profanity_en'),
    /** Words of leo-profanity's English list that should not count here. */
    allow: z.array(z.string().min(1).max(60)).default([]),
    /** Extra English or transliterated words to count (`blyat`, `pizdec`). */
    add: z.array(z.string().min(1).max(60)).default([]),
  })
  .strict();
export type ProfanityEnDef = z.infer<typeof profanityEnSchema>;

const LATIN_WORD = /(?<![\p{L}\p{N}])[a-z]+(?![\p{L}\p{N}])/gu;

/**
 * The English (and Latin-transliterated) word layer: leo-profanity's English dictionary, matched
 * on whole Latin words of the normalised text. Russian words are handled by `obscene_roots`.
 */
export const profanityEnKind: RuleKind = {
  kind: 'profanity_en',
  schema: profanityEnSchema,
  compile(base, source): Rule {
    const def = base as ProfanityEnDef;
    const allow = new Set(def.allow.map(normalizeWord));
    const words = new Set(
      [...leo.getDictionary('en'), ...def.add].map(normalizeWord).filter((w) => !allow.has(w)),
    );
    const miss = missResult(def);
    return {
      id: def.id,
      kind: 'profanity_en',
      category: def.category,
      action: def.action,
      reason: def.reason,
      source,
      evaluate({ text }: RuleInput) {
        const t = text.text;
        if (!/[a-z]/.test(t)) return miss;
        const spans: Span[] = [];
        const matched: string[] = [];
        // An exec loop on the shared expression (it never matches empty): matchAll would clone it.
        LATIN_WORD.lastIndex = 0;
        for (let m = LATIN_WORD.exec(t); m !== null; m = LATIN_WORD.exec(t)) {
          if (!words.has(m[0])) continue;
          spans.push(toOriginalSpan(text, m.index, m.index + m[0].length));
          matched.push(m[0]);
        }
        return matched.length > 0 ? hitResult(def, def.action, 1, spans, { matched }) : miss;
      },
    };
  },
};
