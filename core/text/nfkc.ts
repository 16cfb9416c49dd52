import { anyUnit, mayChangeUnderNfkc } from './char-classes.ts';
import { MappedBuilder, type MappedText } from './mapped-text.ts';

// A base character followed by its combining marks: the unit NFKC composes (е + ̈ → ё). The walk
// below finds exactly the matches of this expression (a unit test compares them).
export const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;
const MARK = /^\p{M}$/u;

// `\p{M}` per BMP code unit, computed once: an expression call per character cost more than the
// rest of the step on texts with a `…` or a no-break space (profiled).
const BMP_MARK = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  if (c < 0xd800 || c > 0xdfff) BMP_MARK[c] = MARK.test(String.fromCharCode(c)) ? 1 : 0;
}

/** Length in code units of the code point at `i` (a surrogate pair counts as one). */
function pointLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return 1;
  const d = s.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

function isMarkAt(s: string, i: number, length: number): boolean {
  return length === 1 ? BMP_MARK[s.charCodeAt(i)] === 1 : MARK.test(s.slice(i, i + 2));
}

/**
 * The clusters of a text as `[start, end)` pairs, in order: the matches of `CLUSTER`, found by
 * walking the code points with a table instead of running the expression per character.
 */
export function forEachCluster(s: string, visit: (start: number, end: number) => void): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const first = pointLength(s, i);
    let j = i + first;
    // A base and the marks after it, or (at the start of the text) a run of marks alone: either way
    // the cluster runs on through the marks that follow.
    while (j < n) {
      const len = pointLength(s, j);
      if (!isMarkAt(s, j, len)) break;
      j += len;
    }
    visit(i, j);
    i = j;
  }
}

/**
 * Unicode NFKC: full-width letters, ligatures, mathematical and circled letters become plain ones,
 * and a letter with a combining mark is composed. Each cluster's output keeps the cluster's range.
 *
 * @example nfkcStep(mappedFrom('ｘ')).text === 'x'
 */
export function nfkcStep(input: MappedText): MappedText {
  const src = input.text;
  if (!anyUnit(src, mayChangeUnderNfkc) || src.normalize('NFKC') === src) return input;
  const b = new MappedBuilder(input);
  // Unchanged clusters are copied in runs.
  let copyFrom = 0;
  forEachCluster(src, (from, to) => {
    // A single code unit that NFKC never changes needs no normalize call.
    if (to - from === 1 && !mayChangeUnderNfkc(src.charCodeAt(from))) return;
    const cluster = src.slice(from, to);
    const n = cluster.normalize('NFKC');
    if (n === cluster) return;
    b.copy(copyFrom, from);
    b.emit(n, from, to);
    copyFrom = to;
  });
  b.copy(copyFrom, src.length);
  return b.build();
}
