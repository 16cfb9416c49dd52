import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldYoStep, lowerCaseStep } from '../../core/text/case-fold.ts';
import { foldLookAlikes } from '../../core/text/fold-look-alikes.ts';
import { joinSpacedLetters } from '../../core/text/join-spaced-letters.ts';
import { mappedFrom, type MappedText } from '../../core/text/mapped-text.ts';
import { nfkcStep } from '../../core/text/nfkc.ts';
import { normalize } from '../../core/text/normalize.ts';
import { toOriginalSpan } from '../../core/text/normalized-text.ts';
import { squeezeRepeats } from '../../core/text/squeeze-repeats.ts';
import { stripInvisibleStep } from '../../core/text/strip-invisible.ts';

const run = (step: (m: MappedText) => MappedText, s: string) => step(mappedFrom(s)).text;

describe('normalisation steps', () => {
  it.each([
    ['ｘｕｙ', 'xuy'],
    ['е\u0308лка', 'ёлка'],
    ['ﬁ', 'fi'],
    ['обычный текст', 'обычный текст'],
  ])('nfkc %j → %j', (input, want) => expect(run(nfkcStep, input)).toBe(want));

  it.each([
    ['ПРИВЕТ', 'привет'],
    ['ҮӨРЭХ ҔҤҺ', 'үөрэх ҕҥһ'],
    ['Hello', 'hello'],
  ])('lower case %j → %j', (input, want) => expect(run(lowerCaseStep, input)).toBe(want));

  it('folds ё to е', () => expect(run(foldYoStep, 'ёлка, ещё')).toBe('елка, еще'));

  it.each([
    ['х\u200bу\u200dй', 'хуй'],
    ['при\u00adвет', 'привет'],
    ['приве\u0301т', 'привет'],
    ['3\u20e30\u20e3', '30'],
    ['\ufeffтекст', 'текст'],
  ])('strips invisible characters in %j', (input, want) => expect(run(stripInvisibleStep, input)).toBe(want));

  it.each([
    ['xуй', 'хуй'],
    ['пpивeт', 'привет'],
    ['п1зда', 'пизда'],
    ['3ае6ал', 'заебал'],
    ['с@мый', 'самый'],
    ['ᴨᴏдняᴛь', 'подняtь'.replace('t', 'т')],
    ['nарtнероv', 'партнеров'],
    ['hello world', 'hello world'],
    ['500руб за 2к', '500руб за 2к'],
    ['сайт neryungri.ru', 'сайт neryungri.ru'],
    ['оҕо үөрэх һаа', 'оҕо үөрэх һаа'],
  ])('folds look-alikes in %j', (input, want) =>
    expect(foldLookAlikes(mappedFrom(input)).text.text).toBe(want),
  );

  it('counts words that mixed scripts', () => {
    expect(foldLookAlikes(mappedFrom('пpивeт всем, cкидки')).mixedWords).toBe(2);
    expect(foldLookAlikes(mappedFrom('привет, hello')).mixedWords).toBe(0);
  });

  it.each([
    ['х.у.й', 'хуй'],
    ['б л я д ь', 'блядь'],
    ['х-у-й тебе', 'хуй тебе'],
    ['кто-то где-то', 'кто-то где-то'],
    ['т.е. всё', 'т.е. всё'],
  ])('joins spaced letters in %j', (input, want) => expect(run(joinSpacedLetters, input)).toBe(want));

  it.each([
    ['бляяяяя', 'бля'],
    ['ууууррра', 'ура'],
    ['длинный', 'длинный'],
    ['www.site.ru', 'www.site.ru'],
  ])('squeezes stretched letters in %j', (input, want) => expect(run(squeezeRepeats, input)).toBe(want));

  it('returns the input itself when a step has nothing to do', () => {
    const m = mappedFrom('обычный текст');
    for (const step of [
      nfkcStep,
      lowerCaseStep,
      foldYoStep,
      stripInvisibleStep,
      joinSpacedLetters,
      squeezeRepeats,
    ]) {
      expect(step(m)).toBe(m);
    }
  });
});

describe('normalize()', () => {
  it('runs the whole pipeline and flags mixed scripts', () => {
    const n = normalize('Н.А.Х.У.Й, Пpивeт, ПИЗДЕЕЕЕЦ');
    expect(n.text).toBe('нахуй, привет, пиздец');
    expect(n.flags.has('mixed-script')).toBe(true);
  });

  it.each([
    ['ааа@@х', 'ах'],
    ['Ёёё', 'е'],
    ['Y\u0301', 'ý'],
  ])('regression: %j → %j', (input, want) => expect(normalize(input).text).toBe(want));

  it('maps a match back to exactly what the moderator sees', () => {
    const original = 'Ну ты Х.У.Й\u200b бляяяя';
    const n = normalize(original);
    const at = (w: string) => {
      const i = n.text.indexOf(w);
      const s = toOriginalSpan(n, i, i + w.length);
      return original.slice(s.start, s.end);
    };
    expect(at('хуй')).toBe('Х.У.Й');
    expect(at('бля')).toBe('бляяяя');
  });

  it('skips only steps that would change nothing: equals running every step (property)', () => {
    const everyStep = (s: string) => {
      let t = mappedFrom(s);
      for (const step of [
        nfkcStep,
        lowerCaseStep,
        foldYoStep,
        stripInvisibleStep,
        squeezeRepeats,
        joinSpacedLetters,
      ]) {
        t = step(t);
      }
      return squeezeRepeats(foldLookAlikes(t).text).text;
    };
    const piece = fc.constantFrom(
      'х',
      'У',
      'й',
      'x',
      'Y',
      'B',
      '3',
      '6',
      '0',
      '.',
      ' ',
      '-',
      'ё',
      'Ё',
      '\u200b',
      '\u0301',
      'ｘ',
      'я',
      'ﬁ',
      'ү',
      'Һ',
      '@',
      '*',
      '\u20e3',
      '🙂',
      'ᴀ',
      'α',
      'і',
      'ааа',
      'p',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const s = parts.join('');
        expect(normalize(s).text).toBe(everyStep(s));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps every offset inside the original, in order (property)', () => {
    const piece = fc.constantFrom(
      'х',
      'У',
      'й',
      'x',
      'Y',
      '3',
      '0',
      '.',
      ' ',
      'ё',
      '\u200b',
      '\u0301',
      'ｘ',
      'я',
      'ﬁ',
      'ү',
      '@',
      '*',
      '\u20e3',
      '🙂',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const original = parts.join('');
        const n = normalize(original);
        expect(n.starts.length).toBe(n.text.length);
        expect(n.ends.length).toBe(n.text.length);
        let prev = 0;
        for (let i = 0; i < n.text.length; i++) {
          const s = n.starts[i] ?? -1;
          const e = n.ends[i] ?? -1;
          expect(s).toBeGreaterThanOrEqual(prev);
          expect(e).toBeGreaterThan(s);
          expect(e).toBeLessThanOrEqual(original.length);
          prev = s;
        }
      }),
      { numRuns: 500 },
    );
  });
});
