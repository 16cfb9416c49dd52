import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mayMatch, requiredLiterals } from '../../core/rules/required-literals.ts';
import { hasDigit, hasThreeDigits, keyLiterals, mayMatchKeyed } from '../../core/rules/text-facts.ts';

/** Every pattern of the shipped rule files, wherever it sits in the YAML. */
function patternsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) patternsIn(x, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === 'patterns' && Array.isArray(v))
        out.push(...v.filter((p): p is string => typeof p === 'string'));
      else patternsIn(v, out);
    }
  return out;
}
const shipped: string[] = [];
for (const f of ['insult', 'obscene', 'spam', 'unlawful'])
  patternsIn(parse(await readFile(`rules/${f}.yaml`, 'utf8')), shipped);

describe('text facts', () => {
  it('the rule files have patterns to test with', () => {
    expect(shipped.length).toBeGreaterThan(20);
  });

  it('mayMatchKeyed agrees with mayMatch for every shipped pattern on texts made of its literals', () => {
    const required = shipped.map((p) => requiredLiterals(p));
    const keyed = required.map(keyLiterals);
    const pieces = [...new Set(required.flat(2))].concat([
      ' ',
      'а',
      'x',
      '1',
      '0',
      '🔞',
      'ё',
      '\u200b',
      'ab',
    ]);
    // Halves of literals too, so that near misses (a pair present, the literal not) come up.
    for (const l of [...pieces])
      if (l.length > 2) pieces.push(l.slice(0, l.length >> 1), l.slice(l.length >> 1));
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 12 }),
        fc.nat(required.length - 1),
        (ps, k) => {
          const text = ps.join('');
          expect(mayMatchKeyed(text, keyed[k] ?? [])).toBe(mayMatch(text, required[k] ?? []));
        },
      ),
      { numRuns: 20000, seed: 11 },
    );
  });

  it('the digit facts agree with the expressions, also when texts alternate', () => {
    const alphabet = [...'0123456789 аb.,٣'];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }), { maxLength: 4 }),
        (texts) => {
          for (const chars of texts) {
            const t = chars.join('');
            expect(hasThreeDigits(t)).toBe(/\d{3}/u.test(t));
            expect(hasDigit(t)).toBe(/\d/u.test(t));
            expect(mayMatchKeyed(t, keyLiterals([['1']]))).toBe(t.includes('1'));
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});
