import type { NormalizedText } from './normalized-text.ts';

/**
 * Normalises a comment for matching: lower case (Cyrillic-aware via the Unicode tables) and ё→е.
 * Each output code unit maps to exactly one input code unit, so offsets stay exact.
 *
 * @example normalize('ЁЖ').text === 'еж'
 */
export function normalize(original: string): NormalizedText {
  const n = original.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  let out = '';
  for (let i = 0; i < n; i++) {
    const ch = original[i] ?? '';
    let low = ch.toLowerCase();
    if (low.length !== 1) low = ch; // e.g. 'İ' lower-cases to two units; keep offsets one-to-one
    if (low === 'ё') low = 'е';
    out += low;
    starts[i] = i;
    ends[i] = i + 1;
  }
  return { original, text: out, starts, ends, flags: new Set() };
}
