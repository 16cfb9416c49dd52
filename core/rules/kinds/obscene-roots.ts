import { z } from 'zod';
import { toOriginalSpan } from '../../text/normalized-text.ts';
import type { Rule, RuleInput } from '../rule.ts';
import { baseRuleFields, type RuleKind } from '../rule-kind.ts';
import { hitResult, missResult } from '../rule-outcome.ts';
import type { Span } from '../rule-result.ts';
import { isValidRegExp, wordListTest } from '../word-pattern.ts';

export const obsceneRootsSchema = z
  .object({
    ...baseRuleFields,
    kind: z.literal('obscene_roots'),
    /** Regular expressions for roots with their morphology; `^`/`$` mean the start/end of a word. */
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

/** Turns a root written for a whole word into one that runs over the whole text. */
function anchorToWords(source: string, wordClass: string): string {
  return source.replace(/\^/g, `(?<!${wordClass})`).replace(/\$/g, `(?!${wordClass})`);
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
    const tokenClass = `[\\p{L}\\p{N}${escapeClass(def.mask_chars)}]`;
    const isTokenChar = new RegExp(tokenClass, 'u');
    const plain = new RegExp(def.roots.map((r) => `(?:${anchorToWords(r, tokenClass)})`).join('|'), 'gu');
    const masked =
      def.mask_chars.length > 0
        ? new RegExp(
            def.roots.map((r) => `(?:${anchorToWords(maskedVariant(r, def.mask_chars), tokenClass)})`).join('|'),
            'gu',
          )
        : null;
    const maskSet = new Set(def.mask_chars);
    const isException = wordListTest(def.exceptions);
    const miss = missResult(def);

    const tokenAround = (text: string, start: number, end: number): [number, number] => {
      let s = start;
      let e = end;
      while (s > 0 && isTokenChar.test(text[s - 1] ?? '')) s--;
      while (e < text.length && isTokenChar.test(text[e] ?? '')) e++;
      return [s, e];
    };

    return {
      id: def.id,
      kind: 'obscene_roots',
      category: def.category,
      action: def.action,
      reason: def.reason,
      source,
      evaluate({ text }: RuleInput) {
        const t = text.text;
        const spans: Span[] = [];
        const matched: string[] = [];
        const seen = new Set<number>();
        const consider = (m: RegExpExecArray | RegExpMatchArray, wantMask: boolean) => {
          const idx = m.index ?? 0;
          const [s, e] = tokenAround(t, idx, idx + m[0].length);
          if (seen.has(s)) return;
          const word = t.slice(s, e);
          if (wantMask) {
            let masks = 0;
            for (const ch of m[0]) if (maskSet.has(ch)) masks++;
            let letters = 0;
            for (const ch of word) if (!maskSet.has(ch)) letters++;
            if (masks === 0 || masks > m[0].length - masks || letters < 2) return;
          } else if (isException(word)) return;
          seen.add(s);
          spans.push(toOriginalSpan(text, s, e));
          matched.push(word);
        };
        for (const m of t.matchAll(plain)) consider(m, false);
        if (masked && [...maskSet].some((c) => t.includes(c))) for (const m of t.matchAll(masked)) consider(m, true);
        if (matched.length === 0) return miss;
        return hitResult(def, def.action, 1, spans, { matched });
      },
    };
  },
};
