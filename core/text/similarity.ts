/**
 * The part of a normalised text that matters for "is this the same comment again": letters and
 * digits only, single spaces, at most 400 code units. Emoji, punctuation and spacing tricks vanish.
 *
 * @example textSkeleton('Пиши  в ЛС!!! 🔥') === 'пиши в лс'
 */
export function textSkeleton(normalized: string): string {
  return normalized
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, 400);
}

function trigrams(s: string): Set<string> {
  const out = new Set<string>();
  const padded = ` ${s} `;
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

/**
 * Jaccard similarity of two skeletons' character trigrams, 0..1: a changed word, an added emoji
 * or a different link keep near-identical spam above 0.8, while different comments on the same
 * topic stay far below.
 *
 * @example textSimilarity('заработок от 5000 пиши', 'заработок от 5000 пишите') > 0.8
 */
export function textSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const ta = trigrams(a);
  const tb = trigrams(b);
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return common / (ta.size + tb.size - common);
}
