import { lowerUnitFast } from './char-classes.ts';
import { mapUnits, withText, type MappedText } from './mapped-text.ts';

function lowerUnit(u: string): string {
  const low = u.toLowerCase();
  // A few letters lower-case to two code units (İ); keep those as they are so offsets stay one-to-one.
  return low.length === 1 ? low : u;
}

let units = new Uint16Array(512);

/**
 * `toLowerCase` for text made of ASCII, Russian letters and caseless punctuation, without ICU (see
 * `lowerUnitFast`). Returns undefined for any other character, so the caller falls back to
 * `toLowerCase`.
 */
export function fastLowerCase(s: string): string | undefined {
  const n = s.length;
  if (n > units.length) units = new Uint16Array(Math.max(n, units.length * 2));
  let changed = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const l = lowerUnitFast(c);
    if (l < 0) return undefined;
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
