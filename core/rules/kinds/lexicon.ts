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
     * Words in their dictionary form; inflected forms match too (stem + Russian endings).
     * `word*` = this prefix with any ending; `*word*` = anywhere inside a word; `=word` = exactly this.
     */
    words: z.array(z.string().min(2).max(60)).min(1),
    /** Whole words that look like a listed word but are not it (`*` = any ending). */
    exceptions: z.array(z.string().min(2).max(60)).default([]),
    /** Distinct matched words needed for a hit. */
    min_matches: z.number().int().min(1).max(20).default(1),
  })
  .strict();
export type LexiconDef = z.infer<typeof lexiconSchema>;

// A vowel that drops out when the word is inflected: придурок → придурка, козёл → козла, хохол → хохлы.
const FLEETING_VOWEL = /^(.*[^аеиоуыэюя])[ое]([кцлнр])$/;
// Only inflection is stripped: a stemmer that also cuts a suffix (дебил → деб) would match дебаты.
const INFLECTION = /^[аеиоуыэюяйь]+$/;
/** Optional derivational suffix, then an optional case/number/gender ending. */
const ENDING =
  '(?:ьн|н|ск|ин|ищ|к|оват|еньк|ат)?(?:ого|его|ому|ему|ыми|ими|ами|ями|ой|ая|ое|ые|ым|им|ых|их|ую|юю|ей|ий|ие|ее|ом|ем|ам|ях|ах|ов|ев|ью|ям|а|у|е|ы|и|о|ь|я|ю)?';

/**
 * The regex alternatives for one lexicon entry: its stem (natural's Russian stemmer, inflection
 * only) followed by Russian endings, and the same without a fleeting vowel. `=word` is exactly
 * that word, `word*` that prefix with any ending, `*word*` that root anywhere inside a word
 * (compounds such as `бескрымодебил`).
 *
 * @example lexiconAlternatives('придурок') // → stems придурок and придурк, each with endings
 */
export function lexiconAlternatives(entry: string): string[] {
  const w = normalizeWord(entry);
  if (w.startsWith('=')) return [escapeRegExp(w.slice(1))];
  if (w.startsWith('*') && w.endsWith('*') && w.length > 2) return [`\\p{L}*${escapeRegExp(w.slice(1, -1))}\\p{L}*`];
  if (w.endsWith('*')) return [`${escapeRegExp(w.slice(0, -1))}\\p{L}*`];
  const stemmed = russianStem(w);
  const stem = w.startsWith(stemmed) && INFLECTION.test(w.slice(stemmed.length)) ? stemmed : w;
  const out = [`${escapeRegExp(stem)}${ENDING}`];
  const fleeting = FLEETING_VOWEL.exec(stem);
  if (fleeting) out.push(`${escapeRegExp((fleeting[1] ?? '') + (fleeting[2] ?? ''))}${ENDING}`);
  return out;
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
    const alts = [...new Set(def.words.flatMap((w) => lexiconAlternatives(w)))].sort(
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
