import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  LiteralTable,
  mayMatch as textMayMatch,
  requiredLiterals,
  TextLiterals,
  type RequiredLiterals,
} from '../../core/rules/required-literals.ts';

const mayMatch = (required: RequiredLiterals, text: string): boolean => {
  const table = new LiteralTable();
  const needs = table.intern(required);
  return new TextLiterals(table.literals(), text).mayMatch(needs);
};

describe('requiredLiterals', () => {
  it.each([
    ['пожалуйста', [['пожалуйста']]],
    ['\\?', [['?']]],
    ['(?:нет|без)\\s+вод', [['вод'], ['нет', 'без']]],
    ['примите[^.!?\\n]{0,20}меры', [['примите'], ['меры']]],
    // groups with fewer alternatives first (cheapest to check), then longer literals
    // a quantifier with minimum 0 needs nothing; with 1 or more, its atom once
    ['(?:под)?скажите', [['скажите']]],
    ['ab+c', [['a'], ['b'], ['c']]],
    ['(?:ab){2}', [['ab']]],
    // look-arounds, classes and assertions need nothing and break a run of letters
    ['(?<![\\p{L}\\p{N}])кто(?![\\p{L}\\p{N}-])', [['кто']]],
    ['а(?=б)в', [['а'], ['в']]],
    ['\\bда\\b', [['да']]],
    ['\\d{1,3}\\s*градус', [['градус'], [...'0123456789']]],
    // an alternation needs one literal of each branch; a branch with none makes it need nothing
    ['(?:уу|сылаас\\s+уу)\\s+суох', [['суох'], ['уу', 'сылаас']]],
    ['(?:да|\\p{L}+)\\s+нет', [['нет']]],
    ['да|', []],
    // beyond this reader: back-references, \\u escapes, modifiers → no prefilter at all
    ['(а)\\1', [['а']]],
    ['(а)\\12', [['а']]],
    ['\\u0430б', []],
    ['.*', []],
    ['😀+x', [['😀'], ['x']]],
    // the rules' pattern signals (spam, unlawful) are read the same way
    ['выигра\\p{L}*\\s+\\d|pin-?up', [['выигра', 'pin']]],
    ['t\\.me\\/|wa\\.me\\/|@[a-z0-9_]{4,}', [['t.me/', 'wa.me/', '@']]],
    ['a\\|b', [['a|b']]],
    ['x😀*', [['x']]],
  ])('%s needs %j', (source, want) => {
    expect(requiredLiterals(source)).toEqual(want);
  });

  it.each([
    [[['?']], 'когда?', true],
    [[['?']], 'когда', false],
    [[['нет', 'без'], ['вод']], 'без воды', true],
    [[['нет', 'без'], ['вод']], 'без света', false],
    [[], 'что угодно', true],
  ])('mayMatch(%j, %s) = %s', (required, text, want) => {
    expect(mayMatch(required, text)).toBe(want);
    expect(textMayMatch(text, required)).toBe(want);
  });

  it('numbers each literal once across patterns, and one text answers them all', () => {
    const table = new LiteralTable();
    const a = table.intern([['?'], ['нет', 'без']]);
    const b = table.intern([['нет'], ['?']]);
    expect([a, b, table.literals()]).toEqual([
      [[0], [1, 2]],
      [[1], [0]],
      ['?', 'нет', 'без'],
    ]);
    const text = new TextLiterals(table.literals(), 'воды нет?');
    expect([text.mayMatch(a), text.mayMatch(b), text.mayMatch([[2]])]).toEqual([true, true, false]);
  });
});

const topics = parse(await readFile('rules/appeals/topics.yaml', 'utf8')) as {
  signals: { patterns?: string[] }[];
  topics: { patterns?: string[] }[];
};
const shipped = [...topics.signals, ...topics.topics].flatMap((s) => s.patterns ?? []);
const handmade = [
  '(?:нет|без)\\s+(?:\\p{L}+\\s+){0,2}?(?:вод|свет)',
  '(а|б)\\1',
  'x*',
  '(?:а|)б',
  '[?]да',
  '(?<name>да)\\k<name>',
];
/** Pieces of text that make the patterns' literals (and near misses) come up often. */
const piece = fc.constantFrom(
  ...[
    'не',
    'нет',
    'без',
    ' ',
    ' ',
    '\n',
    '?',
    ',',
    'ли',
    'или',
    'кто',
    'как',
    'вод',
    'воды',
    'свет',
    'а',
    'б',
  ],
  ...['да', 'пожалуйста', 'сделайте', 'скажите', 'примите', 'меры', '+', '14', '5', 'градус', 'уу', 'суох'],
  ...['сколько', 'какой', 'спасибо', 'заранее', 'работает', 'пройти', 'ленина', 'x', '😀', 'ите'],
);

describe('mayMatch never rules out a text a pattern matches', () => {
  it.each([...shipped, ...handmade])('%s', (source) => {
    const re = new RegExp(source, 'u');
    const required = requiredLiterals(source);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        if (re.test(text)) expect(mayMatch(required, text)).toBe(true);
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});

describe('mayMatch (one text, one pattern) never rules out a text a rule pattern matches', () => {
  const patterns = [
    'выигра\\p{L}*\\s+\\d|pin-?up',
    'ab+c|a\\.b',
    'x(?:y|z)+|wq?',
    'на\\s+\\d+',
    '🔞|t\\.me\\/',
  ];
  const alphabet = [...'abcxyzwqpinupвыигра .0123456789на/t.me'].concat(['🔞']);
  it('on random texts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...patterns),
        fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }),
        (p, chars) => {
          const text = chars.join('');
          if (new RegExp(p, 'u').test(text)) expect(textMayMatch(text, requiredLiterals(p))).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
