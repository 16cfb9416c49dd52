import { describe, expect, it } from 'vitest';
import {
  profilesReach,
  profileSimilarity,
  sizesMayReach,
  textSimilarity,
  textSkeleton,
  trigramProfile,
} from '../../core/text/similarity.ts';

/** The definition, written the obvious way: Jaccard over sets of 3-character strings of ` s `. */
function reference(a: string, b: string): number {
  if (a === b) return 1;
  const grams = (s: string) => {
    const p = ` ${s} `;
    const out = new Set<string>();
    for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3));
    return out;
  };
  const [ga, gb] = [grams(a), grams(b)];
  if (a.length === 0 || b.length === 0) return 0;
  let common = 0;
  for (const g of ga) if (gb.has(g)) common++;
  return common / (ga.size + gb.size - common);
}

const pairs: [string, string][] = [
  ['заработок от 5000 пиши', 'заработок от 5000 пишите'],
  ['пиши в лс', 'пиши в лс'],
  ['', 'текст'],
  ['а', 'а'],
  ['а', 'б'],
  ['ааааааааа', 'аааа'],
  ['дорогу у школы так и не отремонтировали', 'когда отремонтируют дорогу у школы'],
  ['бесплатный курс по заработку t me abc', 'бесплатный курс по заработку t me xyz'],
  ['😀 эмодзи вне bmp 😀', 'эмодзи вне bmp'],
  ['дьэ бу кэлэн көр', 'дьэ бу кэлэн көрүҥ'],
];

describe('text similarity (trigram Jaccard)', () => {
  it.each(pairs)('%s ~ %s equals the set-of-strings definition', (a, b) => {
    expect(textSimilarity(a, b)).toBeCloseTo(reference(a, b), 12);
    expect(textSimilarity(b, a)).toBeCloseTo(reference(a, b), 12);
  });

  it('keeps near-identical spam above 0.8 and different comments on one topic below it', () => {
    expect(textSimilarity('заработок от 5000 пиши', 'заработок от 5000 пишите')).toBeGreaterThan(0.8);
    expect(
      textSimilarity('дорогу у школы так и не отремонтировали', 'когда отремонтируют дорогу у школы'),
    ).toBeLessThan(0.8);
  });

  it('profiles hold distinct sorted trigrams', () => {
    const p = trigramProfile('абаба'); // " аб", "аба", "баб", "ба " → " аб","аба","баб","ба " (aba twice)
    expect(p.length).toBe(4);
    for (let i = 1; i < p.length; i++) expect(p[i]).toBeGreaterThan(p[i - 1] ?? Infinity);
    expect(trigramProfile('').length).toBe(0);
    expect(profileSimilarity(p, trigramProfile(''))).toBe(0);
  });

  it('the skeleton keeps letters and digits only', () => {
    expect(textSkeleton('Пиши  в ЛС!!! 🔥'.toLowerCase())).toBe('пиши в лс');
  });
});

/** Deterministic texts over a small alphabet, so that many pairs land near every threshold. */
function variants(count: number): string[] {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const base = 'заработок от пяти тысяч в день пиши мне в лс';
  return Array.from({ length: count }, () => {
    let t = base.slice(0, 12 + Math.floor(next() * (base.length - 12)));
    for (let k = Math.floor(next() * 6); k > 0; k--) {
      const at = Math.floor(next() * t.length);
      t =
        next() < 0.5
          ? t.slice(0, at) + 'абв '[Math.floor(next() * 4)] + t.slice(at)
          : t.slice(0, at) + t.slice(at + 1);
    }
    return t;
  });
}

describe('threshold test (profilesReach)', () => {
  const texts = [...variants(60), ...pairs.flat()];
  const profiles = texts.map(trigramProfile);
  it.each([0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 1])(
    'answers as profileSimilarity >= %f for every pair, and size bounds never rule out a reaching pair',
    (t) => {
      let reached = 0;
      for (const a of profiles)
        for (const b of profiles) {
          const expected = profileSimilarity(a, b) >= t;
          expect(profilesReach(a, b, t)).toBe(expected);
          if (expected) {
            reached++;
            expect(sizesMayReach(a.length, b.length, t)).toBe(true);
          }
        }
      // The table must hold pairs on both sides of the threshold, or it tests nothing.
      expect(reached).toBeGreaterThan(profiles.length);
      expect(reached).toBeLessThan(profiles.length ** 2);
    },
  );

  it('rules out pairs of very different sizes', () => {
    expect(sizesMayReach(10, 7, 0.8)).toBe(false);
    expect(sizesMayReach(10, 8, 0.8)).toBe(true);
    expect(sizesMayReach(0, 0, 0.8)).toBe(false);
  });
});
