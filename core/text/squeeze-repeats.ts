import { MappedBuilder, type MappedText } from './mapped-text.ts';

// Three or more of the same Cyrillic letter (the Cyrillic block and its supplement): Russian never writes a letter three times, so it is
// stretching. Latin runs are left alone (`www.`).
const STRETCHED = /([\u0400-\u052f])\1{2,}/gu;

function hasStretch(s: string): boolean {
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    run = c === s.charCodeAt(i - 1) && c >= 0x400 && c <= 0x52f ? run + 1 : 1;
    if (run >= 3) return true;
  }
  return false;
}

/**
 * Shrinks stretched letters to one (`бляяяя` → `бля`); the kept letter spans the whole run, so the
 * moderator sees the stretched original highlighted. Doubled letters (`длинный`) stay.
 *
 * @example squeezeRepeats(mappedFrom('ууууррра')).text === 'ура'
 */
export function squeezeRepeats(input: MappedText): MappedText {
  const src = input.text;
  if (!hasStretch(src)) return input;
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
