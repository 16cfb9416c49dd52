import { z } from 'zod';
import { toOriginalSpan } from '../../text/normalized-text.ts';
import { wordsOf } from '../../text/words.ts';
import type { Rule, RuleInput } from '../rule.ts';
import { baseRuleFields, type RuleKind } from '../rule-kind.ts';
import { hitResult, missResult } from '../rule-outcome.ts';
import type { Span } from '../rule-result.ts';
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
        let spans: Span[] | undefined;
        let matched: Set<string> | undefined;
        const ws = wordsOf(text);
        const found = words.matchWords(ws, exceptions);
        for (let k = 0; k < found.length; k++) {
          const [from, to] = found[k] ?? [0, 0];
          const a = ws[from];
          const b = ws[to - 1];
          if (!a || !b) continue;
          (spans ??= []).push(toOriginalSpan(text, a.start, b.end));
          (matched ??= new Set()).add(text.text.slice(a.start, b.end));
        }
        if (!matched || !spans || matched.size < def.min_matches) return miss;
        return hitResult(def, def.action, 1, spans, { matched: [...matched] });
      },
    };
  },
};
