import { z } from 'zod';
import { wordsOf } from '../../text/words.ts';
import type { Rule, RuleInput } from '../rule.ts';
import { baseRuleFields, type RuleKind } from '../rule-kind.ts';
import { hitResult, missResult } from '../rule-outcome.ts';
import { WordMatcher } from './word-matcher.ts';

export const lexiconSchema = z
  .object({
    ...baseRuleFields,
    kind: z.literal('lexicon'),
    /**
     * Words in their dictionary form; inflected forms match too (stem + Russian endings).
     * `word*` = this prefix with any ending; `*word*` = anywhere inside a word; `=word` = exactly
     * this word; several words = this phrase.
     */
    words: z.array(z.string().min(2).max(60)).min(1),
    /** Words that look like a listed word but are not it: exact words, or `word*` / `*part*` / phrases. */
    exceptions: z.array(z.string().min(2).max(60)).default([]),
    /** Distinct matched words needed for a hit. */
    min_matches: z.number().int().min(1).max(20).default(1),
  })
  .strict();
export type LexiconDef = z.infer<typeof lexiconSchema>;

/**
 * A list of words with their morphology (stems by natural's Russian stemmer), matched as whole
 * words on the normalised text — the kind used for insults and other word lists an admin edits.
 */
export const lexiconKind: RuleKind = {
  kind: 'lexicon',
  schema: lexiconSchema,
  compile(base, source): Rule {
    const def = base as LexiconDef;
    const words = new WordMatcher(def.words);
    // An exception is exactly the word written (no stemming) unless it says `*`: `хрена` must not
    // also excuse `хрен`.
    const exceptions = new WordMatcher(def.exceptions.map((e) => (/^[=*]|\*$|\s/.test(e) ? e : `=${e}`)));
    const miss = missResult(def);
    return {
      id: def.id,
      kind: 'lexicon',
      category: def.category,
      action: def.action,
      reason: def.reason,
      source,
      evaluate({ text }: RuleInput) {
        const hits = words.hitsIn(text, wordsOf(text), exceptions);
        if (!hits || hits.matched.size < def.min_matches) return miss;
        return hitResult(def, def.action, 1, hits.spans, { matched: [...hits.matched] });
      },
    };
  },
};
