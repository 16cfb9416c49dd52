import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scanTraits } from '../../core/text/char-classes.ts';
import { fastLowerCase, foldYoStep, lowerCaseStep } from '../../core/text/case-fold.ts';
import { mappedFrom } from '../../core/text/mapped-text.ts';
import { CLUSTER, forEachCluster } from '../../core/text/nfkc.ts';
import { normalize } from '../../core/text/normalize.ts';

describe('fastLowerCase (toLowerCase without ICU)', () => {
  it('agrees with toLowerCase on every code unit it accepts', () => {
    let accepted = 0;
    for (let c = 0; c < 0x10000; c++) {
      const s = String.fromCharCode(c);
      const low = fastLowerCase(s);
      if (low === undefined) continue;
      accepted++;
      expect(low, `U+${c.toString(16)}`).toBe(s.toLowerCase());
    }
    // ASCII, Russian letters and caseless punctuation at least.
    expect(accepted).toBeGreaterThan(300);
  });

  it.each([
    ['ПРИВЕТ, Мир! ЁЖ Ѓ', 'привет, мир! ёж ѓ'],
    ['Hello — «Нерюнгри» 2026', 'hello — «нерюнгри» 2026'],
    ['уже строчные', 'уже строчные'],
    ['Д'.repeat(5000), 'д'.repeat(5000)],
  ])('%s', (input, expected) => {
    expect(fastLowerCase(input)).toBe(expected);
  });

  it.each(['Үөрэх', 'İstanbul', 'ΣΟΦΙΑ', '𐐀'])('leaves %s to toLowerCase', (input) => {
    expect(fastLowerCase(input)).toBeUndefined();
  });

  it('Sakha capitals still lower-case (through toLowerCase)', () => {
    expect(normalize('ҮӨРЭХ Ҕ').text).toBe('үөрэх ҕ');
  });
});

describe('normalised text offsets', () => {
  it('maps back to the original through the prototype getters', () => {
    const n = normalize('Х.У.Й тебе');
    expect(n.text).toBe('хуй тебе');
    expect(n.original.slice(n.starts[0], n.ends[2])).toBe('Х.У.Й');
    const plain = normalize('привет');
    expect(plain.identity).toBe(true);
    expect([...plain.starts]).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

/** The two steps the scan's `lowered` stands for. */
function lowerThenYo(s: string): string {
  return foldYoStep(lowerCaseStep(mappedFrom(s))).text;
}

describe('scanTraits(s, true).lowered (lower case and ё→е in the scan)', () => {
  it('agrees with the two steps on every code unit it accepts', () => {
    for (let c = 0; c < 0x10000; c++) {
      const s = `Аё${String.fromCharCode(c)}z`;
      const { lowered } = scanTraits(s, true);
      if (lowered !== undefined) expect(lowered, `U+${c.toString(16)}`).toBe(lowerThenYo(s));
    }
  });

  it.each([
    ['Всё ЁЛКИ-палки, OK!', 'все елки-палки, ok!'],
    ['уже строчные', 'уже строчные'],
    ['ёжик', 'ежик'],
    ['ПРИВЕТ ВСЕМ ЖИТЕЛЯМ НЕРЮНГРИ — ЁЛКА', 'привет всем жителям нерюнгри — елка'],
    ['АБВГДЕЖЗИЙКЛМНОП', 'абвгдежзийклмноп'],
    ['АБВГДЕЖЗИЙКЛМНОПР', 'абвгдежзийклмнопр'],
    ['Үөрэх', undefined],
    ['', ''],
  ])('%s', (input, expected) => {
    expect(scanTraits(input, true).lowered).toBe(expected);
    if (expected !== undefined) expect(expected).toBe(lowerThenYo(input));
  });

  it('is absent unless asked for', () => {
    expect(scanTraits('ПРИВЕТ').lowered).toBeUndefined();
  });

  it('agrees with the two steps on random texts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        const { lowered } = scanTraits(s, true);
        if (lowered !== undefined) expect(lowered).toBe(lowerThenYo(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('returns the very string when nothing changes', () => {
    const s = 'привет, мир';
    expect(scanTraits(s, true).lowered).toBe(s);
  });
});

describe('forEachCluster (the NFKC step’s walk) finds the matches of its expression', () => {
  const byExpression = (s: string) => [...s.matchAll(CLUSTER)].map((m) => [m.index, m.index + m[0].length]);
  const byWalk = (s: string) => {
    const out: number[][] = [];
    forEachCluster(s, (from, to) => out.push([from, to]));
    return out;
  };

  it.each([
    'е\u0308лка',
    '\u0301\u0301начало с меток',
    'ｘ…\u00a0ﬁ',
    '👍🏽 и 🇷🇺',
    '\ud835\udc00 𝐀\u0301', // astral letter, with a mark
    '\ud800 \udc00', // lone surrogates
    'a\u{1d165}b', // astral mark
    '',
  ])('%j', (s) => {
    expect(byWalk(s)).toEqual(byExpression(s));
  });

  it('on random Unicode strings', () => {
    const units = [...'аеa \u0301\u0308\u20dd…ｘ'].concat(['\ud835', '\udc00', '\u{1d165}', '👍']);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...units), { maxLength: 30 }), (xs) => {
        const s = xs.join('');
        expect(byWalk(s)).toEqual(byExpression(s));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        expect(byWalk(s)).toEqual(byExpression(s));
      }),
      { numRuns: 2000 },
    );
  });
});
