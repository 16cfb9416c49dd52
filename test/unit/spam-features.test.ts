import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featuresByExpression, plainTextFeatures, spamFeatures } from '../../core/classify/spam-features.ts';
import { normalize } from '../../core/text/normalize.ts';
import { fixtureLines } from '../helpers/text-fixtures.ts';

// Characters that matter to the expression: letters, separators, and everything that starts a link,
// a handle, a number, a sum or an emoji.
const ALPHABET = [...'аблкоьприветыzwxmoep- .,:;/!?@$€₽«»—…\n0123456789ёҥЁ'].concat(['🔥', '©', '\u00a0']);

describe('spam features: the one-pass reading of plain text agrees with the expression', () => {
  it.each(fixtureLines('verdict-regression'))('%s', (line) => {
    const text = normalize(line).text;
    const plain = plainTextFeatures(text);
    if (plain !== undefined) expect(plain).toEqual(featuresByExpression(text));
    expect(spamFeatures(text)).toEqual(featuresByExpression(text));
  });

  it('on random texts over the characters that matter', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }), (chars) => {
        const text = chars.join('');
        const plain = plainTextFeatures(text);
        if (plain !== undefined) expect(plain).toEqual(featuresByExpression(text));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['пишите в лс, всё расскажу', ['пишит', 'лс', 'всё', 'расск']],
    ['Сайт neryungri.ru и точка.', undefined],
    ['Ссылка https://x', undefined],
    ['Звоните 8914', undefined],
  ])('%s', (text, expected) => {
    expect(plainTextFeatures(text)).toEqual(expected);
  });
});
