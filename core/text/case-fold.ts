import { mapUnits, withText, type MappedText } from './mapped-text.ts';

function lowerUnit(u: string): string {
  const low = u.toLowerCase();
  // A few letters lower-case to two code units (İ); keep those as they are so offsets stay one-to-one.
  return low.length === 1 ? low : u;
}

let units = new Uint16Array(512);

/**
 * `toLowerCase` for text made of ASCII, Russian letters and caseless punctuation, without ICU
 * (V8 lower-cases two-byte strings through ICU, which profiling showed to be a tenth of the
 * normalisation time). Returns undefined for any other character, so the caller falls back to
 * `toLowerCase`; a unit test checks every accepted code unit against `toLowerCase`.
 */
export function fastLowerCase(s: string): string | undefined {
  const n = s.length;
  if (n > units.length) units = new Uint16Array(Math.max(n, units.length * 2));
  let changed = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let l = c;
    if (c < 0x80) {
      if (c >= 0x41 && c <= 0x5a) l = c + 0x20;
    } else if (c >= 0x400 && c <= 0x45f) {
      if (c <= 0x40f) l = c + 0x50;
      else if (c <= 0x42f) l = c + 0x20;
    } else if (!(c >= 0x2000 && c <= 0x206f) && !(c >= 0xa0 && c <= 0xbf && c !== 0xb5)) {
      return undefined;
    }
    if (l !== c) changed = true;
    units[i] = l;
  }
  if (!changed) return s;
  let out = '';
  for (let i = 0; i < n; i += 4096) {
    out += String.fromCharCode.apply(null, units.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  }
  return out;
}

/**
 * Lower case by the Unicode tables, so Cyrillic (including Sakha ҤҔӨҮҺ) folds like Latin.
 *
 * @example lowerCaseStep(mappedFrom('ПРИВЕТ Үөрэх')).text === 'привет үөрэх'
 */
export function lowerCaseStep(input: MappedText): MappedText {
  const low = fastLowerCase(input.text) ?? input.text.toLowerCase();
  if (low === input.text) return input;
  // Same length: every unit lower-cased to one unit, so the offsets stand as they are.
  if (low.length === input.text.length) return withText(input, low);
  return mapUnits(input, lowerUnit);
}

/**
 * ё → е: Russian writes them interchangeably, so rules list only е.
 *
 * @example foldYoStep(mappedFrom('ёлка')).text === 'елка'
 */
export function foldYoStep(input: MappedText): MappedText {
  if (!input.text.includes('ё')) return input;
  return withText(input, input.text.replaceAll('ё', 'е'));
}
