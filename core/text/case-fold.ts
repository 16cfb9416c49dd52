import { mapUnits, type MappedText } from './mapped-text.ts';

function lowerUnit(u: string): string {
  const low = u.toLowerCase();
  // A few letters lower-case to two code units (İ); keep those as they are so offsets stay one-to-one.
  return low.length === 1 ? low : u;
}

/**
 * Lower case without ICU for the usual text (ASCII, basic Cyrillic, emoji): one pass over the code
 * units. Returns undefined when some other character might have a lower case, so that the caller
 * falls back to `toLowerCase`.
 */
function lowerBasic(s: string): string | undefined {
  let codes: Uint16Array | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let low = c;
    if (c >= 0x41 && c <= 0x5a) low = c + 0x20;
    else if (c >= 0x410 && c <= 0x42f) low = c + 0x20;
    else if (c >= 0x400 && c <= 0x40f) low = c + 0x50;
    else if (
      c >= 0xc0 &&
      !(c >= 0x430 && c <= 0x45f) &&
      !(c >= 0xd800 && c <= 0xdfff) &&
      !(c >= 0x2000 && c <= 0x2bff)
    ) {
      return undefined;
    }
    if (low !== c) {
      if (!codes) {
        codes = new Uint16Array(s.length);
        for (let k = 0; k < i; k++) codes[k] = s.charCodeAt(k);
      }
      codes[i] = low;
    } else if (codes) codes[i] = c;
  }
  if (!codes) return s;
  let out = '';
  for (let i = 0; i < codes.length; i += 4096) out += String.fromCharCode(...codes.subarray(i, i + 4096));
  return out;
}

/**
 * Lower case by the Unicode tables, so Cyrillic (including Sakha ҤҔӨҮҺ) folds like Latin.
 *
 * @example lowerCaseStep(mappedFrom('ПРИВЕТ Үөрэх')).text === 'привет үөрэх'
 */
export function lowerCaseStep(input: MappedText): MappedText {
  const fast = lowerBasic(input.text);
  if (fast !== undefined)
    return fast === input.text ? input : { text: fast, starts: input.starts, ends: input.ends };
  const low = input.text.toLowerCase();
  if (low === input.text) return input;
  // Same length: every unit lower-cased to one unit, so the offsets stand as they are.
  if (low.length === input.text.length) return { text: low, starts: input.starts, ends: input.ends };
  return mapUnits(input, lowerUnit);
}

/**
 * ё → е: Russian writes them interchangeably, so rules list only е.
 *
 * @example foldYoStep(mappedFrom('ёлка')).text === 'елка'
 */
export function foldYoStep(input: MappedText): MappedText {
  if (!input.text.includes('ё')) return input;
  return { text: input.text.replaceAll('ё', 'е'), starts: input.starts, ends: input.ends };
}
