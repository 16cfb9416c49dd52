import { z } from 'zod';
import { toOriginalSpan } from '../../text/normalized-text.ts';
import { wordsOf } from '../../text/words.ts';
import type { Rule, RuleInput } from '../rule.ts';
import { baseRuleFields, type RuleKind } from '../rule-kind.ts';
import { hitResult, missResult } from '../rule-outcome.ts';
import type { Span } from '../rule-result.ts';
import { isValidRegExp, wordListTest } from '../word-pattern.ts';
import { RuleFileError } from '../rule-file-error.ts';
import { registerWordClassifier, wordsKnownTo, type WordClassifier } from './word-index.ts';

export const obsceneRootsSchema = z
  .object({
    ...baseRuleFields,
    kind: z.literal('obscene_roots'),
    /** Regular expressions for roots with their morphology, tested on each word; `^`/`$` are its edges. */
    roots: z.array(z.string().min(2).max(300).refine(isValidRegExp, 'not a valid regular expression')).min(1),
    /** Whole words that contain a root but are not obscene (`*` = any ending). */
    exceptions: z.array(z.string().min(2).max(60)).default([]),
    /** Characters people type instead of a letter to mask a word (`х*й`). Empty disables masks. */
    mask_chars: z.string().max(10).default('*#%'),
  })
  .strict();
export type ObsceneRootsDef = z.infer<typeof obsceneRootsSchema>;

function escapeClass(chars: string): string {
  return chars.replace(/[\\\]^-]/g, '\\$&');
}

/** Lets every Cyrillic letter of a root also be a mask character: `ху[йе]` → `[х*][у*][йе*]`. */
export function maskedVariant(source: string, masks: string): string {
  const m = escapeClass(masks);
  let out = '';
  let inClass = false;
  let negated = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] ?? '';
    if (ch === '\\') {
      out += ch + (source[i + 1] ?? '');
      i++;
    } else if (!inClass && ch === '[') {
      inClass = true;
      negated = source[i + 1] === '^';
      out += ch;
    } else if (inClass && ch === ']') {
      inClass = false;
      out += (negated ? '' : m) + ch;
    } else if (!inClass && /[а-я]/.test(ch)) {
      out += `[${ch}${m}]`;
    } else out += ch;
  }
  return out;
}

/**
 * Russian мат by roots: each root is a regular expression over one word (with its prefixes,
 * suffixes and endings), matched on the normalised text, so look-alikes, spelled-out letters and
 * stretched letters are already undone. Words on the exception list (the Russian Scunthorpe problem:
 * оскорблять, рубля, команда…) never count. Masked words (`х*й`, `п*зда`) count when a root still
 * reads through the mask.
 */
export const obsceneRootsKind: RuleKind = {
  kind: 'obscene_roots',
  schema: obsceneRootsSchema,
  compile(base, source): Rule {
    const def = base as ObsceneRootsDef;
    // Each root is tested on one word at a time, so `^`/`$` are simply the word's edges. Roots valid
    // one by one can still clash once joined (two groups of one name), or break when masked.
    const joined = (what: string, roots: readonly string[]): RegExp => {
      try {
        return new RegExp(roots.map((r) => `(?:${r})`).join('|'), 'u');
      } catch (err) {
        const why = err instanceof Error ? (err.message.split(': ').at(-1) ?? err.message) : String(err);
        throw new RuleFileError(source, 1, `${def.id}.roots`, `the roots cannot be joined${what}: ${why}`);
      }
    };
    const plain = joined('', def.roots);
    const masked =
      def.mask_chars.length > 0
        ? joined(
            ' with mask_chars',
            def.roots.map((r) => maskedVariant(r, def.mask_chars)),
          )
        : null;
    const maskSet = new Set(def.mask_chars);
    const isException = wordListTest(def.exceptions);
    const miss = missResult(def);
    // Whether a word is мат depends on the word alone: remember the answer per distinct word.
    const verdicts = new Map<string, boolean>();
    const judge = (w: string): boolean => {
      let v = verdicts.get(w);
      if (v === undefined) {
        // Asterisks around a word are emphasis (`*хуй*`), not a mask.
        const word = hasMask(w) ? trimMasks(w) : w;
        v = hasMask(word) ? maskedHit(word) : plain.test(word) && !isException(word);
        if (verdicts.size >= 100_000) verdicts.clear();
        verdicts.set(w, v);
      }
      return v;
    };
    const trimMasks = (w: string) => {
      let a = 0;
      let b = w.length;
      while (a < b && maskSet.has(w[a] ?? '')) a++;
      while (b > a && maskSet.has(w[b - 1] ?? '')) b--;
      return w.slice(a, b);
    };
    const hasMask = (w: string) => {
      for (const ch of w) if (maskSet.has(ch)) return true;
      return false;
    };
    /** A masked word counts when no more than half the matched root is masks and two letters remain. */
    const maskedHit = (word: string): boolean => {
      const m = masked?.exec(word);
      if (!m) return false;
      let masks = 0;
      for (const ch of m[0]) if (maskSet.has(ch)) masks++;
      let letters = 0;
      for (const ch of word) if (!maskSet.has(ch)) letters++;
      return masks > 0 && masks <= m[0].length - masks && letters >= 2;
    };
    // Referenced by `evaluate`, so it lives as long as the rule; the index holds it weakly.
    const classifier: WordClassifier & { id: number } = {
      id: -1,
      classify: (w) => (w.length >= 2 && judge(w) ? 1 : 0),
    };
    classifier.id = registerWordClassifier(classifier);

    return {
      id: def.id,
      kind: 'obscene_roots',
      category: def.category,
      action: def.action,
      reason: def.reason,
      source,
      evaluate({ text }: RuleInput) {
        let spans: Span[] | undefined;
        let matched: string[] | undefined;
        const ws = wordsOf(text, def.mask_chars);
        if (ws === wordsOf(text)) {
          // No mask character in the text: the shared word index already knows each word's answer.
          for (const i of wordsKnownTo(ws, classifier.id)) {
            const w = ws[i];
            if (!w) continue;
            (spans ??= []).push(toOriginalSpan(text, w.start, w.end));
            (matched ??= []).push(w.text);
          }
        } else {
          for (const w of ws) {
            if (w.text.length < 2 || !judge(w.text)) continue;
            (spans ??= []).push(toOriginalSpan(text, w.start, w.end));
            (matched ??= []).push(w.text);
          }
        }
        if (!spans || !matched) return miss;
        return hitResult(def, def.action, 1, spans, { matched });
      },
    };
  },
};
