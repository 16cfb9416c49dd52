import { isWordUnit } from './words.ts';
import { MappedBuilder, type MappedText } from './mapped-text.ts';

// Three or more single letters each separated by a little punctuation or space: `х.у.й`, `б л я д ь`,
// `х-у-й`. A lone letter is never followed by another letter or digit.
// Digits and `@` count as letters here (`6.л.я`); a run needs two real letters, so `1.2.3` stays.
const SPACED =
  /(?<![\p{L}\p{N}*@])[\p{L}\d@](?:[\s.,\-_*|/\\+~'"`^:;]{1,3}[\p{L}\d@](?![\p{L}\p{N}@])){2,}/gu;
const SEPARATOR = /[^\p{L}\d@]/u;
const LETTER = /\p{L}/gu;

const SEPARATORS = new Set(' \t\n\r.,-_*|/\\+~\'"`^:;');

/** Quick scan for three one-unit words in a row with short separators between them. */
function hasSpacedRun(s: string): boolean {
  let singles = 0;
  let i = 0;
  while (i < s.length) {
    let j = i;
    while (j < s.length && (isWordUnit(s.charCodeAt(j)) || s[j] === '@')) j++;
    if (j === i) {
      i++;
      continue;
    }
    if (j - i !== 1) singles = 0;
    else if (++singles >= 3) return true;
    let k = j;
    while (k < s.length && SEPARATORS.has(s[k] ?? '') && k - j < 3) k++;
    if (k === j || (k < s.length && !isWordUnit(s.charCodeAt(k)) && s[k] !== '@')) singles = 0;
    i = k;
  }
  return false;
}

/**
 * Joins words spelled out letter by letter into one word (`б л я д ь` → `блядь`), dropping the
 * separators; each letter keeps its own original offset.
 *
 * @example joinSpacedLetters(mappedFrom('ну х.у.й')).text === 'ну хуй'
 */
export function joinSpacedLetters(input: MappedText): MappedText {
  const src = input.text;
  if (!hasSpacedRun(src) || src.search(SPACED) < 0) return input;
  const b = new MappedBuilder(input);
  let last = 0;
  for (const m of src.matchAll(SPACED)) {
    if ((m[0].match(LETTER)?.length ?? 0) < 2) continue;
    b.copy(last, m.index);
    for (let k = 0; k < m[0].length; k++) {
      if (!SEPARATOR.test(m[0][k] ?? '')) b.copy(m.index + k, m.index + k + 1);
    }
    last = m.index + m[0].length;
  }
  b.copy(last, src.length);
  return b.build();
}
