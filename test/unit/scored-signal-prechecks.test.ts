import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayHaveUrl } from '../../core/rules/kinds/scored-signals.ts';
import { hasThreeDigits } from '../../core/rules/text-facts.ts';

describe('scored-signal pre-checks agree with the expressions they replace', () => {
  const alphabet = [...'w./аpр1234 x:'];
  it.each<[string, (t: string) => boolean, RegExp]>([
    ['mayHaveUrl', mayHaveUrl, /\/\/|www\.|\.[a-zр]/],
    ['hasThreeDigits', hasThreeDigits, /\d{3}/],
  ])('%s', (_name, fn, re) => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 20 }), (chars) => {
        const t = chars.join('');
        expect(fn(t)).toBe(re.test(t));
      }),
      { numRuns: 5000 },
    );
  });
});
