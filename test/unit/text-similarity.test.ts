import { describe, expect, it } from 'vitest';
import {
  profileSimilarity,
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
