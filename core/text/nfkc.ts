import { anyUnit, mayChangeUnderNfkc } from './char-classes.ts';
import { MappedBuilder, type MappedText } from './mapped-text.ts';

// A base character followed by its combining marks: the unit NFKC composes (е + ̈ → ё).
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;

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
  for (const m of src.matchAll(CLUSTER)) {
    const from = m.index;
    const to = from + m[0].length;
    const n = m[0].normalize('NFKC');
    if (n === m[0]) b.copy(from, to);
    else b.emit(n, from, to);
  }
  return b.build();
}
