import { anyUnit, mayBeInvisible } from './char-classes.ts';
import { MappedBuilder, type MappedText } from './mapped-text.ts';

// Format characters (zero-width space/joiners, soft hyphen, bidi marks, BOM), stray combining marks
// (stress accents, keycap and enclosing marks, variation selectors) and the Hangul/Braille blanks
// used as invisible padding.
const INVISIBLE = /[\p{Cf}\p{Mn}\p{Me}\u115F\u1160\u3164\uFFA0\u2800]+/gu;

/**
 * Removes characters a reader does not see, which spammers slip into words to dodge matching.
 *
 * @example stripInvisibleStep(mappedFrom('х\u200Bуй')).text === 'хуй'
 */
export function stripInvisibleStep(input: MappedText): MappedText {
  const src = input.text;
  if (!anyUnit(src, mayBeInvisible) || src.search(INVISIBLE) < 0) return input;
  const b = new MappedBuilder(input);
  let last = 0;
  for (const m of src.matchAll(INVISIBLE)) {
    b.copy(last, m.index);
    last = m.index + m[0].length;
  }
  b.copy(last, src.length);
  return b.build();
}
