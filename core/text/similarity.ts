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

/**
 * A skeleton's distinct character trigrams (the skeleton padded with a space at each end), each
 * packed into one number — three UTF-16 code units of 16 bits — sorted ascending. Numbers instead of
 * a Set of 3-character strings: the repeat signal compares every comment with its author's recent
 * ones, and the strings were most of that cost.
 */
export type TrigramProfile = Float64Array;

export function trigramProfile(skeleton: string): TrigramProfile {
  const n = skeleton.length;
  const unit = (i: number): number => (i === 0 || i === n + 1 ? 32 : skeleton.charCodeAt(i - 1));
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = unit(i) * 2 ** 32 + unit(i + 1) * 2 ** 16 + unit(i + 2);
  keys.sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || keys[i] !== keys[i - 1]) keys[distinct++] = keys[i] ?? 0;
  // A copy of the right size: profiles are kept across batches (see the repeat signal's cache).
  return keys.slice(0, distinct);
}

/**
 * How many trigrams two sorted profiles share (one merge walk). With `threshold`, -1 as soon as the
 * trigrams left cannot lift their Jaccard similarity to it: common can still grow by at most the
 * shorter remainder (tested by division, as the caller's final test is, so that a pair exactly at the
 * threshold gets the same answer).
 */
function sharedTrigrams(a: TrigramProfile, b: TrigramProfile, threshold = 0): number {
  let common = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const most = common + Math.min(a.length - i, b.length - j);
    if (most / (a.length + b.length - most) < threshold) return -1;
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return common;
}

/** Jaccard similarity of two trigram profiles, 0..1 (0 when either is empty). */
export function profileSimilarity(a: TrigramProfile, b: TrigramProfile): number {
  if (a.length === 0 || b.length === 0) return 0;
  const common = sharedTrigrams(a, b);
  return common / (a.length + b.length - common);
}

/**
 * Whether two profiles' Jaccard similarity reaches `threshold` (0 < threshold ≤ 1) — the same answer
 * as `profileSimilarity(a, b) >= threshold`, usually without walking both profiles: Jaccard is at most
 * min(|a|, |b|) / max(|a|, |b|), and the walk stops once the threshold is out of reach.
 */
export function profilesReach(a: TrigramProfile, b: TrigramProfile, threshold: number): boolean {
  if (a.length === 0 || b.length === 0) return false;
  if (!sizesMayReach(a.length, b.length, threshold)) return false;
  const common = sharedTrigrams(a, b, threshold);
  return common >= 0 && common / (a.length + b.length - common) >= threshold;
}

/**
 * Whether two profiles of `sizeA` and `sizeB` distinct trigrams can be `threshold`-similar: the
 * common part is at most the smaller set and the union at least the larger one.
 */
export function sizesMayReach(sizeA: number, sizeB: number, threshold: number): boolean {
  return Math.min(sizeA, sizeB) / Math.max(sizeA, sizeB) >= threshold;
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
  return profileSimilarity(trigramProfile(a), trigramProfile(b));
}
