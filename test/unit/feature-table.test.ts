import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileBayes, compileTextScorer } from '../../core/classify/bayes-model.ts';
import { FeatureTable } from '../../core/classify/feature-table.ts';
import { spamFeatures } from '../../core/classify/spam-features.ts';
import { normalize } from '../../core/text/normalize.ts';
import { committedSpamModel } from '../helpers/daemon-rules.ts';
import { fixtureLines } from '../helpers/text-fixtures.ts';

describe('FeatureTable', () => {
  it.each<[string, [string, number, number][], number[]]>([
    [
      'ids are dense in order of first sight',
      [
        ['аб', 0, 2],
        ['вг', 0, 2],
        ['аб', 0, 2],
      ],
      [0, 1, 0],
    ],
    [
      'a range is the same feature as the string',
      [
        ['xабy', 1, 3],
        ['аб', 0, 2],
      ],
      [0, 0],
    ],
    [
      'a prefix is another feature',
      [
        ['абв', 0, 3],
        ['абв', 0, 2],
        ['аб', 0, 2],
      ],
      [0, 1, 1],
    ],
    [
      'the empty range is a feature too',
      [
        ['а', 0, 0],
        ['б', 1, 1],
      ],
      [0, 0],
    ],
  ])('%s', (_name, lookups, ids) => {
    const t = new FeatureTable();
    expect(lookups.map(([s, from, to]) => t.idOfRange(s, from, to))).toEqual(ids);
  });

  it('keeps every string apart through growth and truncation', () => {
    const t = new FeatureTable();
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    words.forEach((w, i) => expect(t.idOf(w)).toBe(i));
    words.forEach((w, i) => expect(t.idOf(w)).toBe(i));
    expect(t.textOf(4321)).toBe(words[4321]);
    t.truncate(100);
    expect(t.size).toBe(100);
    expect(t.idOf(words[99] ?? '')).toBe(99);
    expect(t.idOf('новое')).toBe(100);
    expect(t.idOf(words[3000] ?? '')).toBe(101);
  });
});

describe('compileTextScorer = compileBayes over spamFeatures, to the last bit', () => {
  const model = committedSpamModel();
  const classify = compileBayes(model);
  const score = compileTextScorer(model, 'spam');
  const check = (text: string) => {
    const features = spamFeatures(text);
    expect(score(text)).toEqual({ features: features.length, probability: classify(features).spam ?? 0 });
  };

  it.each(fixtureLines('verdict-regression'))('%s', (line) => check(normalize(line).text));

  it('on random texts (repeats, links, numbers, emoji)', () => {
    const parts = [
      'заработок',
      'пиши',
      'в',
      'лс',
      'дорогу',
      'ok',
      'https://x.ru',
      '@money_bot',
      '500',
      '₽',
      '🔥',
      ' ',
      ', ',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 40 }), (xs) => check(xs.join(' '))),
      { numRuns: 2000 },
    );
  });
});
