import type { Category, Span } from '../rules/rule-result.ts';

/** The part of a rule result masking needs; both `Verdict.results` and a review job's hits fit. */
export interface MaskableResult {
  readonly category: Category;
  readonly hit: boolean;
  readonly spans: readonly Span[];
}

/**
 * Masks the obscene words the moderation rules found, so an official reading an appeal does not see
 * мат: every letter or digit of an obscene span except the first becomes `*`. Other text, and
 * insults or spam, stay as written. Pure.
 *
 * @example maskObscene('Какого хуя нет воды', [{ category: 'obscene', hit: true, spans: [{ start: 7, end: 10 }] }]) === 'Какого х** нет воды'
 */
export function maskObscene(text: string, results: readonly MaskableResult[], mask = '*'): string {
  const spans = results
    .filter((r) => r.hit && r.category === 'obscene')
    .flatMap((r) => r.spans)
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(text.length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  if (spans.length === 0) return text;
  // By code point: a letter outside the BMP (𝐱, a look-alike the rules see through) is two code units,
  // neither of which tests as a letter alone — it was left visible, and the wrong letter kept.
  const chars = text.split('');
  for (const s of spans) {
    let first = true;
    for (let i = s.start; i < s.end;) {
      const cp = text.codePointAt(i) ?? 0;
      const width = cp > 0xffff ? 2 : 1;
      if (/[\p{L}\p{N}]/u.test(String.fromCodePoint(cp))) {
        if (first) first = false;
        else {
          chars[i] = mask;
          if (width === 2) chars[i + 1] = '';
        }
      }
      i += width;
    }
  }
  return chars.join('');
}
