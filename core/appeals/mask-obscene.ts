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
  const chars = text.split('');
  for (const s of spans) {
    let first = true;
    for (let i = s.start; i < s.end; i++) {
      const ch = chars[i] ?? '';
      if (!/[\p{L}\p{N}]/u.test(ch)) continue;
      if (first) {
        first = false;
        continue;
      }
      chars[i] = mask;
    }
  }
  return chars.join('');
}
