import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featuresByExpression, spamFeatures } from '../../core/classify/spam-features.ts';
import { normalize } from '../../core/text/normalize.ts';
import { fixtureLines } from '../helpers/text-fixtures.ts';

// Characters that matter to the expression: letters (Cyrillic, Latin, astral), separators, and
// everything that starts a link, a handle, a number, a sum or an emoji; lone surrogates too.
const ALPHABET = [...'аблкоьприветыzwxmoephtrus- .,:;/!?@$€₽«»—…\n0123456789ёҥЁA_+()#*'].concat([
  '🔥',
  '©',
  '\u00a0',
  '𝐀', // astral letter
  '\ud835', // lone high surrogate
  '\udc00', // lone low surrogate
  'www.',
  'http://',
  '.ru',
  '.рф',
]);

describe('spam features: the table-driven reading agrees with the expression', () => {
  it.each(fixtureLines('verdict-regression'))('%s', (line) => {
    const text = normalize(line).text;
    expect(spamFeatures(text)).toEqual(featuresByExpression(text));
  });

  it('on random texts over the characters that matter', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }), (chars) => {
        const text = chars.join('');
        expect(spamFeatures(text)).toEqual(featuresByExpression(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('on random Unicode strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        expect(spamFeatures(text)).toEqual(featuresByExpression(text));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['пишите в лс, всё расскажу', ['пишит', 'лс', 'всё', 'расск']],
    ['Сайт neryungri.ru и точка.', ['Сайт', '<url>', 'точка']],
    ['Ссылка https://x', ['Ссылк', '<url>']],
    ['Звоните 8914', ['Звони', '<num>']],
    ['звоните +7 (914) 123-45-67', ['звони', '<phone>']],
    ['пишите @bot_casino 🔥 за 500₽', ['пишит', '<handle>', '<emoji>', 'за', '<num>', '<money>']],
    ['жabc.ru', ['жabc', 'ru']],
    ['𝐀𝐁 слово', ['𝐀𝐁', 'слово']],
  ])('%s', (text, expected) => {
    expect(spamFeatures(text)).toEqual(expected);
    expect(featuresByExpression(text)).toEqual(expected);
  });
});
