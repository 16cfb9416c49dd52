import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasThreeDigits, mayHaveUrl } from '../../core/rules/kinds/scored-signals.ts';
import { mayContain, requiredLiterals } from '../../core/rules/literal-prefixes.ts';

describe('requiredLiterals', () => {
  it.each<[string, string, string[] | null]>([
    ['выигра\\p{L}*\\s+\\d|pin-?up', 'gu', ['выигра', 'pin']],
    ['t\\.me\\/|wa\\.me\\/|@[a-z0-9_]{4,}', 'gu', ['t.me/', 'wa.me/', '@']],
    ['🔞', 'gu', ['🔞']],
    ['ab+c|ab', 'gu', ['a', 'ab']],
    ['a{2}b', 'gu', null],
    ['(?:a|b)c', 'gu', null],
    ['\\dруб', 'gu', null],
    ['^привет', 'gu', null],
    ['(?<![\\p{L}])вон', 'gu', null],
    ['[аб]в', 'gu', null],
    ['x(?:y|z)|w', 'gu', ['x', 'w']],
    ['привет', 'gui', null],
    ['a|b|c|d|e|f|g', 'gu', null],
    ['a\\|b', 'gu', ['a|b']],
    ['[|]a|b', 'gu', null],
    ['😀?x', 'gu', null],
    ['x😀*', 'gu', ['x']],
  ])('%s /%s', (source, flags, expected) => {
    expect(requiredLiterals(source, flags)).toEqual(expected);
  });
});

describe('mayContain', () => {
  it.each<[string, string[] | null, boolean]>([
    ['пиши в t.me/x', ['t.me/', '@'], true],
    ['просто текст', ['t.me/', '@'], false],
    ['что угодно', null, true],
  ])('%s', (text, literals, expected) => {
    expect(mayContain(text, literals)).toBe(expected);
  });

  it('is never false where the expression matches', () => {
    const patterns = [
      'выигра\\p{L}*\\s+\\d|pin-?up',
      'ab+c|a\\.b',
      'x(?:y|z)+|wq?',
      'на\\s+\\d+',
      '🔞|t\\.me\\/',
    ];
    const alphabet = [...'abcxyzwqpinupвыигра .0123456789на/t.me'].concat(['🔞']);
    fc.assert(
      fc.property(
        fc.constantFrom(...patterns),
        fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }),
        (p, chars) => {
          const text = chars.join('');
          if (new RegExp(p, 'u').test(text)) expect(mayContain(text, requiredLiterals(p, 'gu'))).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

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
