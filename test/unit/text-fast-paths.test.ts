import { describe, expect, it } from 'vitest';
import { fastLowerCase } from '../../core/text/case-fold.ts';
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
