import { z } from 'zod';
import { toOriginalSpan } from '../../text/normalized-text.ts';
import { russianStem } from '../../text/russian-stem.ts';
import type { Rule, RuleInput } from '../rule.ts';
import { baseRuleFields, type RuleKind } from '../rule-kind.ts';
import { hitResult, missResult } from '../rule-outcome.ts';
import type { Span } from '../rule-result.ts';
import { escapeRegExp, normalizeWord, WORD_CHAR, wordListTest } from '../word-pattern.ts';

export const lexiconSchema = z
  .object({
    ...baseRuleFields,
    kind: z.literal('lexicon'),
    /**
     * Words in their dictionary form; every inflected form matches (the stem plus up to
     * `max_ending` letters). `word*` = this prefix with any ending; `=word` = exactly this word.
     */
    words: z.array(z.string().min(2).max(60)).min(1),
    /** Whole words that look like a listed word but are not it (`*` = any ending). */
    exceptions: z.array(z.string().min(2).max(60)).default([]),
    max_ending: z.number().int().min(0).max(8).default(4),
    /** Distinct matched words needed for a hit. */
    min_matches: z.number().int().min(1).max(20).default(1),
  })
  .strict();
export type LexiconDef = z.infer<typeof lexiconSchema>;

/** The regex alternative for one lexicon entry. Stems shorter than 3 letters match the exact word. */
export function lexiconAlternative(entry: string, maxEnding: number): string {
  const w = normalizeWord(entry);
  if (w.startsWith('=')) return escapeRegExp(w.slice(1));
  if (w.endsWith('*')) return `${escapeRegExp(w.slice(0, -1))}\\p{L}*`;
  const stem = russianStem(w);
  if (stem.length < 3 || stem.length < w.length - 3) return escapeRegExp(w);
  return `${escapeRegExp(stem)}\\p{L}{0,${maxEnding + (w.length - stem.length > maxEnding ? w.length - stem.length : 0)}}`;
}

/**
 * A list of words with their morphology (stems by natural's Russian stemmer), matched as whole
 * words on the normalised text — the kind used for insults and other word lists an admin edits.
 */
export const lexiconKind: RuleKind = {
  kind: 'lexicon',
  schema: lexiconSchema,
  compile(base, source): Rule {
    const def = base as LexiconDef;
    const alts = [...new Set(def.words.map((w) => lexiconAlternative(w, def.max_ending)))].sort(
      (a, b) => b.length - a.length,
    );
    const re = new RegExp(`(?<!${WORD_CHAR})(?:${alts.join('|')})(?!${WORD_CHAR})`, 'gu');
    const isException = wordListTest(def.exceptions);
    const miss = missResult(def);
    return {
      id: def.id,
      kind: 'lexicon',
      category: def.category,
      action: def.action,
      reason: def.reason,
      source,
      evaluate({ text }: RuleInput) {
        const spans: Span[] = [];
        const matched = new Set<string>();
        for (const m of text.text.matchAll(re)) {
          if (isException(m[0])) continue;
          spans.push(toOriginalSpan(text, m.index, m.index + m[0].length));
          matched.add(m[0]);
        }
        if (matched.size < def.min_matches) return miss;
        return hitResult(def, def.action, 1, spans, { matched: [...matched] });
      },
    };
  },
};
