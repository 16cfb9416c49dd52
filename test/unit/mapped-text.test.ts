import { describe, expect, it } from 'vitest';
import { MappedBuilder, mappedFrom, type MappedText } from '../../core/text/mapped-text.ts';

/** A mapped text whose offsets are given explicitly (not the identity map). */
function explicit(text: string, starts: number[], ends: number[]): MappedText {
  return { text, starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

type Op = ['copy', number, number] | ['emit', string, number, number];

function run(input: MappedText, ops: Op[]): { text: string; starts: number[]; ends: number[] } {
  const b = new MappedBuilder(input);
  for (const op of ops) {
    if (op[0] === 'copy') b.copy(op[1], op[2]);
    else b.emit(op[1], op[2], op[3]);
  }
  const out = b.build();
  return { text: out.text, starts: [...out.starts], ends: [...out.ends] };
}

describe('MappedBuilder', () => {
  it.each<[string, MappedText, Op[], { text: string; starts: number[]; ends: number[] }]>([
    [
      'identity input: copy keeps offsets, emit spans its range',
      mappedFrom('абвгд'),
      [
        ['copy', 0, 2],
        ['emit', 'х', 2, 4],
        ['copy', 4, 5],
      ],
      { text: 'абхд', starts: [0, 1, 2, 4], ends: [1, 2, 4, 5] },
    ],
    [
      'explicit input: offsets come from the input map',
      explicit('абв', [0, 3, 5], [3, 5, 9]),
      [
        ['copy', 0, 1],
        ['emit', 'xy', 1, 3],
      ],
      { text: 'аxy', starts: [0, 3, 3], ends: [3, 9, 9] },
    ],
    [
      'empty ranges are ignored',
      mappedFrom('аб'),
      [
        ['copy', 1, 1],
        ['emit', '', 0, 1],
        ['emit', 'в', 1, 1],
      ],
      { text: '', starts: [], ends: [] },
    ],
    [
      'output longer than the input grows the arrays',
      mappedFrom('аб'),
      [['emit', 'x'.repeat(40), 0, 2]],
      { text: 'x'.repeat(40), starts: Array(40).fill(0), ends: Array(40).fill(2) },
    ],
  ])('%s', (_name, input, ops, expected) => {
    expect(run(input, ops)).toEqual(expected);
  });

  it('two builders alive at once do not share offsets', () => {
    const a = new MappedBuilder(mappedFrom('аааа'));
    const b = new MappedBuilder(explicit('бб', [7, 8], [8, 9]));
    a.copy(0, 4);
    b.copy(0, 2);
    const ra = a.build();
    const rb = b.build();
    expect([...ra.starts]).toEqual([0, 1, 2, 3]);
    expect([...rb.starts]).toEqual([7, 8]);
    // The results are copies: a later builder does not change them.
    const c = new MappedBuilder(explicit('в', [42], [43]));
    c.copy(0, 1);
    c.build();
    expect([...ra.starts]).toEqual([0, 1, 2, 3]);
  });
});
