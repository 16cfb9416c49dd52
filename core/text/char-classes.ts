/**
 * Cheap code-unit tests that let each normalisation step skip the common case (plain Russian text
 * with ASCII punctuation and emoji) without running a Unicode regular expression over it.
 */

/** Basic Cyrillic letters а–я, А–Я, ё, Ё (and the rest of the block up to U+045F). */
export function isBasicCyrillic(code: number): boolean {
  return code >= 0x400 && code <= 0x45f;
}

/** Whether NFKC could change this code unit: below U+00A0 and basic Cyrillic never change. */
export function mayChangeUnderNfkc(code: number): boolean {
  return code >= 0xa0 && !isBasicCyrillic(code);
}

/**
 * Whether the unit might be invisible (format character, combining mark, variation selector, filler).
 * False for everything in Latin-1, basic Cyrillic, common typographic punctuation and emoji halves
 * other than the tag block.
 */
export function mayBeInvisible(code: number): boolean {
  if (code < 0x300) return code === 0xad;
  if (code < 0x370) return true;
  if (code >= 0x400 && code <= 0x482) return false;
  if (code >= 0x48a && code <= 0x52f) return false;
  if (code >= 0x2010 && code <= 0x2027) return false;
  if (code >= 0x2030 && code <= 0x205e) return false;
  if (code >= 0xd800 && code <= 0xdfff) return code === 0xdb40; // tag characters (U+E00xx)
  return true;
}

/** Whether any code unit of `s` satisfies `test`. */
export function anyUnit(s: string, test: (code: number) => boolean): boolean {
  for (let i = 0; i < s.length; i++) if (test(s.charCodeAt(i))) return true;
  return false;
}

/** What a single pass over the code units says each normalisation step may have to do. */
export interface TextTraits {
  readonly nfkc: boolean;
  readonly upper: boolean;
  readonly yo: boolean;
  readonly invisible: boolean;
  /** Latin/Greek letters, or digits/`@` touching a Cyrillic letter. */
  readonly lookAlike: boolean;
  /** The same letter three times in a row. */
  readonly stretch: boolean;
  /** Three one-character words in a row. */
  readonly spaced: boolean;
  /**
   * When asked for: the text lower-cased with ё→е, read in the same pass (`s` itself when nothing
   * changes); undefined when a unit needs `toLowerCase` (see `fastLowerCase`).
   */
  readonly lowered?: string;
}

let units = new Uint16Array(512);
/** Where the scan changed a unit (the first few). */
const changedAt = new Int32Array(16);
const utf16 = new TextDecoder('utf-16le');
// The decoder reads the units' bytes, which are in the platform's order.
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The scanned text with its changed units (`units`) put in. A few changes (a capital starting a
 * sentence): the unchanged stretches are sliced and joined. Many: the units decoded at once —
 * `TextDecoder`, since `String.fromCharCode.apply` over a typed array took ~2 µs for a comment
 * (measured), more than the whole scan. Only for foldable text, which has no surrogates, so the
 * decoder has none to replace.
 */
function loweredText(s: string, changes: number): string {
  if (changes > changedAt.length) {
    if (littleEndian) return utf16.decode(units.subarray(0, s.length));
    return String.fromCharCode(...units.subarray(0, s.length));
  }
  let out = '';
  let last = 0;
  for (let k = 0; k < changes; k++) {
    const at = changedAt[k] ?? 0;
    out += s.slice(last, at) + String.fromCharCode(units[at] ?? 0);
    last = at + 1;
  }
  return out + s.slice(last);
}

/**
 * `toLowerCase` of one code unit of ASCII, the Russian alphabet or caseless punctuation, without
 * ICU (V8 lower-cases two-byte strings through ICU, a tenth of the normalisation time when
 * profiled); -1 for any other unit, whose case only `toLowerCase` knows. A unit test checks every
 * accepted unit against `toLowerCase`.
 */
export function lowerUnitFast(c: number): number {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  if (c >= 0x400 && c <= 0x45f) {
    if (c <= 0x40f) return c + 0x50;
    return c <= 0x42f ? c + 0x20 : c;
  }
  return (c >= 0x2000 && c <= 0x206f) || (c >= 0xa0 && c <= 0xbf && c !== 0xb5) ? c : -1;
}

function isForeignLetterCode(code: number): boolean {
  return (
    ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) ||
    (code >= 0x370 && code <= 0x3ff) ||
    (code >= 0x250 && code <= 0x2af) ||
    (code >= 0x1d00 && code <= 0x1d2b) ||
    code === 0x456 ||
    code === 0x457 ||
    code === 0x454 ||
    code === 0x406 ||
    code === 0x407 ||
    code === 0x404
  );
}

function foldForRepeat(c: number): number {
  let f = c;
  if (f >= 0x410 && f <= 0x42f) f += 0x20;
  else if (f >= 0x400 && f <= 0x40f) f += 0x50;
  return f === 0x451 ? 0x435 : f;
}

function isLetterOrDigitFast(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  return code >= 0x400 && code <= 0x52f;
}

/**
 * One pass over the text that tells which normalisation steps can be skipped. Conservative: a
 * `true` only means "run the step, it will check properly"; a `false` is always right.
 */
export function scanTraits(s: string, lowerFold = false): TextTraits {
  const n = s.length;
  if (n > units.length) units = new Uint16Array(Math.max(n, units.length * 2));
  // Lower case + ё→е in the same pass (a second pass over the text cost as much as this one).
  let foldable = true;
  let changes = 0;
  let nfkc = false;
  let upper = false;
  let yo = false;
  let invisible = false;
  let lookAlike = false;
  let stretch = false;
  let spaced = false;
  let run = 1;
  let wordLen = 0;
  let singles = 0;
  let prev = -1;
  let prevFolded = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    units[i] = c;
    // Fast path for what most comments are made of (lower-case Russian letters and spaces); each
    // branch gives exactly what the general code below would.
    if (c >= 0x430 && c <= 0x44f) {
      run = c === prevFolded ? run + 1 : 1;
      if (run >= 3) stretch = true;
      prevFolded = c;
      wordLen++;
      prev = c;
      continue;
    }
    if (c === 0x20) {
      run = 1;
      prevFolded = c;
      if (wordLen === 1) {
        if (++singles >= 3) spaced = true;
      } else if (wordLen > 1) singles = 0;
      wordLen = 0;
      prev = c;
      continue;
    }
    // Lower case, then ё→е.
    let l = lowerUnitFast(c);
    if (l < 0) {
      foldable = false;
      l = c;
    } else if (l === 0x451) l = 0x435;
    if (l !== c) {
      units[i] = l;
      if (changes < changedAt.length) changedAt[changes] = i;
      changes++;
    }
    if (c >= 0x80) {
      if (mayChangeUnderNfkc(c)) nfkc = true;
      if (mayBeInvisible(c)) invisible = true;
      if (c === 0x451 || c === 0x401) yo = true;
      if (
        c >= 0xc0 &&
        !(c >= 0x430 && c <= 0x45f) &&
        !(c >= 0xd800 && c <= 0xdfff) &&
        !(c >= 0x2000 && c <= 0x2bff)
      ) {
        upper = true;
      }
    } else if (c >= 0x41 && c <= 0x5a) upper = true;
    if (isForeignLetterCode(c)) lookAlike = true;
    else if ((c >= 0x30 && c <= 0x39) || c === 0x40) {
      const next = s.charCodeAt(i + 1);
      if (isBasicCyrillic(prev) || isBasicCyrillic(next)) lookAlike = true;
    }
    // Stretching is judged as the later steps will see it: lower case, ё as е (`Ёёё` → `еее`).
    const folded = foldForRepeat(c);
    run = folded === prevFolded && c >= 0x400 && c <= 0x52f ? run + 1 : 1;
    if (run >= 3) stretch = true;
    prevFolded = folded;
    const wordish =
      isLetterOrDigitFast(c) ||
      c === 0x40 ||
      (c >= 0xc0 &&
        !(c >= 0xd800 && c <= 0xdfff) &&
        !(c >= 0x2000 && c <= 0x206f) &&
        c !== 0xd7 &&
        c !== 0xf7);
    if (wordish) {
      wordLen++;
    } else {
      if (wordLen === 1) {
        if (++singles >= 3) spaced = true;
      } else if (wordLen > 1) singles = 0;
      wordLen = 0;
    }
    prev = c;
  }
  if (wordLen === 1 && singles + 1 >= 3) spaced = true;
  let lowered: string | undefined;
  if (lowerFold && foldable) lowered = changes === 0 ? s : loweredText(s, changes);
  // One object shape for every answer (a spread to add `lowered` cost a quarter of the scan).
  return { nfkc, upper, yo, invisible, lookAlike, stretch, spaced, lowered };
}
