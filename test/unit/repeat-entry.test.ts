import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from '../../workers/repeat-signal.ts';

describe('repeat history entries', () => {
  it.each([
    { c: 'neryungri:123', s: 'заработок от 5000 пиши в лс', n: 24 },
    { c: 'fb:1_2', s: '', n: 0 },
    // A comment id is the platform's; a tab in it must not move the skeleton.
    { c: 'ok:a\tb', s: 'пиши в лс', n: 9 },
  ])('round-trips %o', (entry) => {
    expect(decodeEntry(encodeEntry(entry))).toEqual(entry);
  });

  it.each([
    ['the earlier JSON form', '{"c":"x:1","s":"текст","n":5}', { c: 'x:1', s: 'текст', n: 5 }],
    ['the earlier JSON form without a count', '{"c":"x:1","s":"текст"}', { c: 'x:1', s: 'текст' }],
    ['JSON of another shape', '{"c":1}', undefined],
    ['broken JSON', '{"c":', undefined],
    ['no tab', 'текст', undefined],
    ['one tab', '5\tx:1', undefined],
    ['no count', '\tx:1\tтекст', undefined],
    ['a negative count', '-1\tx:1\tтекст', undefined],
    ['a count that is not a whole number', '2.5\tx:1\tтекст', undefined],
    ['a count that is not a number', 'n\tx:1\tтекст', undefined],
  ])('reads %s', (_name, raw, expected) => {
    expect(decodeEntry(raw)).toEqual(expected);
  });
});
