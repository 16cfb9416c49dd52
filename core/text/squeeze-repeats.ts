import { MappedBuilder, type MappedText } from './mapped-text.ts';

// Three or more of the same Cyrillic letter: Russian never writes a letter three times, so it is
// stretching. Latin runs are left alone (`www.`).
const STRETCHED = /(\p{Script=Cyrillic})\1{2,}/gu;

/**
 * Shrinks stretched letters to one (`бляяяя` → `бля`); the kept letter spans the whole run, so the
 * moderator sees the stretched original highlighted. Doubled letters (`длинный`) stay.
 *
 * @example squeezeRepeats(mappedFrom('ууууррра')).text === 'ура'
 */
export function squeezeRepeats(input: MappedText): MappedText {
  const src = input.text;
  if (src.search(STRETCHED) < 0) return input;
  const b = new MappedBuilder(input);
  let last = 0;
  for (const m of src.matchAll(STRETCHED)) {
    b.copy(last, m.index);
    const letter = m[1] ?? '';
    b.emit(letter, m.index, m.index + m[0].length);
    last = m.index + m[0].length;
  }
  b.copy(last, src.length);
  return b.build();
}
