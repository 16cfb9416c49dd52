import { describe, expect, it } from 'vitest';
import { WordListIndex } from '../../core/appeals/word-list-index.ts';
import { wordListRegExp } from '../../core/rules/word-pattern.ts';

/** The list regex's matches, flattened as the index reports them: start, end, start, end, … */
const regexSpans = (entries: readonly string[], text: string): number[] => {
  const re = wordListRegExp(entries);
  return re ? [...text.matchAll(re)].flatMap((h) => [h.index, h.index + h[0].length]) : [];
};

describe('wordListRegExp', () => {
  it.each([
    ['материальн* помощ*', 'нужна материальная помощь', true],
    ['материальн* помощ*', 'материальн* помощ', false],
    ['бездомн* собак*', 'бездомные собаки во дворе', true],
    ['спам*', 'спамеры', true],
    ['a*b', 'a*b', true],
    ['a*b', 'axb', false],
  ])('a `*` ends a word anywhere in an entry: %s in «%s» → %s', (entry, text, want) => {
    expect(wordListRegExp([entry])?.test(text)).toBe(want);
  });
});

describe('WordListIndex', () => {
  const lists = [
    ['кто-нибудь знает', 'кто', 'дет* сад*', 'детсадовск*'],
    ['вод*', 'горяч* вод*', 'нет воды', 'газ'],
    ['?', 'ок'],
    [],
    ['саҥа дьылынан', 'уу', 'т.д.'],
    ['во*', 'вод*', 'вода', 'в*', 'водо провод*'],
  ];
  const index = new WordListIndex();
  const ids = lists.map((l) => index.add(l));
  it.each([
    'кто-нибудь знает, где горячая вода? нет воды',
    'детсадовский сад и детский сад, кто ок?',
    'газовая плита, газ, газа; вода водой',
    'Саҥа дьылынан! уу суох и т.д. и т.п.',
    '',
    'без совпадений вообще',
    // letters outside the BMP are word characters; a lone surrogate or an emoji is not
    'вода𝐀 𝐀вода 😀вода водо провод, водопровод',
    'вод\uD800вод \uDC00газ газ\uD83D',
  ])('finds exactly the spans the list regex finds: «%s»', (text) => {
    const got = index.spans(text);
    lists.forEach((entries, i) => expect(got[ids[i] ?? -1] ?? []).toEqual(regexSpans(entries, text)));
  });

  it('gives each list its own id, in order', () => {
    expect(ids).toEqual([0, 1, 2, 3, 4, 5]);
    expect(index.size).toBe(6);
  });
});
