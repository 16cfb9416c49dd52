import { isBasicCyrillic } from './char-classes.ts';
import { isWordUnit } from './words.ts';
import { MappedBuilder, type MappedText } from './mapped-text.ts';

/** Latin and Greek letters (already lower-cased) that pass for Cyrillic ones inside a Russian word. */
export const LETTER_LOOK_ALIKES: Readonly<Record<string, string>> = {
  a: 'а',
  b: 'в',
  c: 'с',
  d: 'д',
  e: 'е',
  h: 'н',
  i: 'и',
  k: 'к',
  m: 'м',
  n: 'п',
  o: 'о',
  p: 'р',
  r: 'г',
  t: 'т',
  u: 'и',
  v: 'в',
  x: 'х',
  y: 'у',
  z: 'з',
  α: 'а',
  β: 'в',
  γ: 'у',
  δ: 'д',
  ε: 'е',
  ι: 'и',
  κ: 'к',
  μ: 'м',
  ν: 'в',
  ο: 'о',
  π: 'п',
  ρ: 'р',
  τ: 'т',
  υ: 'и',
  χ: 'х',
  // Small capitals and IPA letters that spammers use as Cyrillic (`ᴨᴏдняᴛь`).
  ᴀ: 'а',
  ʙ: 'в',
  ᴄ: 'с',
  ᴅ: 'д',
  ᴇ: 'е',
  ᴋ: 'к',
  ᴍ: 'м',
  ʜ: 'н',
  ᴏ: 'о',
  ᴘ: 'р',
  ᴛ: 'т',
  ʏ: 'у',
  ᴨ: 'п',
  ᴧ: 'л',
  ᴦ: 'г',
  ᴩ: 'р',
  ɯ: 'ш',
  // Ukrainian/Belarusian letters used as Russian look-alikes.
  і: 'и',
  ї: 'и',
  є: 'е',
};

/** Digits and symbols that stand for letters inside a Russian word (`3ае6ал`, `п1зда`, `с@мый`). */
export const SYMBOL_LOOK_ALIKES: Readonly<Record<string, string>> = {
  '0': 'о',
  '1': 'и',
  '3': 'з',
  '4': 'ч',
  '6': 'б',
  '@': 'а',
};

// Letters of the Russian alphabet proper; Sakha letters (ҕ ҥ ө ү һ) count as Cyrillic but are never folded.
const CYRILLIC = /[\u0400-\u04FF]/u;
// What follows a number glued to its unit (`10руб`, `30мин`, `4этаж`): such digits stay digits.
const UNIT_AFTER_NUMBER =
  /^(?:р|руб(?:л[а-я]*)?|к|т|тыс[а-я]*|ч|час[а-я]*|мин[а-я]*|сек|км|м|см|мм|шт|г|гр|кг|л|лет|год[а-я]*|раз[а-я]?|этаж[а-я]*|й|го|х|ти|ми|е|я|ю|ое|ая|ой|ом|ый|ех|ух)$/;

// Latin letters that look exactly like a Cyrillic capital or small letter; only a word made entirely of
// these (`Bce`, `OK`) is folded when it stands alone among Russian words.
const VISUAL_TWINS = new Set('aceopxykmhtbᴀʙᴄᴅᴇᴋᴍʜᴏᴘᴛʏᴨᴧᴦᴩɯ');

/** Domains, handles and file names keep their Latin letters (`neryungri.ru`, `@bot`). */
function partOfAddress(src: string, start: number, length: number): boolean {
  const before = src[start - 1] ?? '';
  const after = src.slice(start + length, start + length + 2);
  return /[./@_:\\-]/.test(before) || /^[./_@:][\p{L}\p{N}]/u.test(after);
}

export const MIXED_SCRIPT_FLAG = 'mixed-script';

export interface FoldResult {
  readonly text: MappedText;
  /** Number of words that mixed Cyrillic with Latin/Greek letters before folding. */
  readonly mixedWords: number;
}

function countRussian(token: string): number {
  let n = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 0x430 && c <= 0x44f) n++;
  }
  return n;
}

function countLatin(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) n++;
  }
  return n;
}

function isDigitOrAt(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x40;
}

// LETTER_LOOK_ALIKES by code unit (0 = not a look-alike): its keys are all single BMP code units,
// and a lookup by a one-letter string key cost more than the rest of the folding (profiled).
const LETTER_TWIN = new Uint16Array(0x10000);
for (const [from, to] of Object.entries(LETTER_LOOK_ALIKES))
  LETTER_TWIN[from.charCodeAt(0)] = to.charCodeAt(0);

/** The token with every look-alike letter replaced by its Cyrillic twin (the token itself if none). */
function foldLetters(token: string): string {
  let out: string | undefined;
  for (let i = 0; i < token.length; i++) {
    const twin = LETTER_TWIN[token.charCodeAt(i)] ?? 0;
    if (twin === 0) continue;
    out = (out ?? token.slice(0, i)) + String.fromCharCode(twin);
    // Copy the stretch up to the next look-alike in one piece.
    let j = i + 1;
    while (j < token.length && (LETTER_TWIN[token.charCodeAt(j)] ?? 0) === 0) j++;
    out += token.slice(i + 1, j);
    i = j - 1;
  }
  return out ?? token;
}

/**
 * Folds one token; undefined when nothing changes. Works on the string by index (no arrays per
 * token: profiling showed this function among the costliest of normalisation).
 */
function foldToken(token: string, mixed: boolean, allLookAlike: boolean): string | undefined {
  // Letters first, so a word like `3aлyna` has enough Russian letters to judge its digits.
  const letters = mixed || allLookAlike ? foldLetters(token) : token;
  const russian = countRussian(letters);
  if (russian === 0) return undefined;
  const changed = letters !== token;
  if (russian < 2) return changed ? letters : undefined;
  // A run of look-alike digits inside a word of Russian letters is letters in disguise
  // (`д0л60ёб`), and so is a short one at its edge (`6лядь`, `3@лупа`); numbers (`500р`, `10руб`)
  // are not.
  // The price: `4этажа` reads `чэтажа`, which no rule cares about.
  let out: string | undefined;
  let copied = 0;
  const n = letters.length;
  for (let i = 0; i < n;) {
    if (!isDigitOrAt(letters.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i;
    let mappable = true;
    let allAt = true;
    while (j < n && isDigitOrAt(letters.charCodeAt(j))) {
      const ch = letters.charAt(j);
      if (SYMBOL_LOOK_ALIKES[ch] === undefined) mappable = false;
      if (ch !== '@') allAt = false;
      j++;
    }
    const inside = i > 0 && j < n;
    const number = i === 0 && UNIT_AFTER_NUMBER.test(letters.slice(j));
    if (mappable && !number && (inside || j - i <= 2 || allAt)) {
      out = (out ?? '') + letters.slice(copied, i);
      for (let k = i; k < j; k++) out += SYMBOL_LOOK_ALIKES[letters.charAt(k)] ?? letters.charAt(k);
      copied = j;
    }
    i = j;
  }
  if (out !== undefined) return out + letters.slice(copied);
  return changed ? letters : undefined;
}

function isForeignLetter(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x370 && code <= 0x3ff) ||
    (code >= 0x250 && code <= 0x2af) ||
    (code >= 0x1d00 && code <= 0x1d2b) ||
    code === 0x456 ||
    code === 0x457 ||
    code === 0x454
  );
}

/** Quick scan: a Latin/Greek letter anywhere, or a digit or `@` touching a Cyrillic letter. */
function mayHaveLookAlikes(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isForeignLetter(c)) return true;
    if ((c >= 0x30 && c <= 0x39) || c === 0x40) {
      const prev = s.charCodeAt(i - 1);
      const next = s.charCodeAt(i + 1);
      if (isBasicCyrillic(prev) || isBasicCyrillic(next)) return true;
    }
  }
  return false;
}

/**
 * Inside words that contain Russian letters, folds Latin/Greek look-alikes and lone digits to the
 * Cyrillic letters they imitate (`xуй` → `хуй`, `3ае6ал` → `заебал`). In a mostly Cyrillic text, a
 * word made only of look-alike letters (`Bce`) is folded too. Sakha letters are left alone. Works
 * on lower-cased text; every folded letter keeps its own original offset.
 *
 * @example foldLookAlikes(mappedFrom('пpивeт')).text.text === 'привет'
 */
export function foldLookAlikes(input: MappedText): FoldResult {
  const src = input.text;
  if (!mayHaveLookAlikes(src) || !CYRILLIC.test(src)) return { text: input, mixedWords: 0 };
  let b: MappedBuilder | undefined;
  let last = 0;
  let mixedWords = 0;
  let cyrillicText: boolean | undefined;
  for (let i = 0; i < src.length;) {
    // One token: a run of letters, digits and `@`, classified by its code units as it is read.
    let j = i;
    let russian = false;
    let foreign = false;
    let digit = false;
    // Which foreign letters, noted here rather than by an expression per token afterwards.
    let latinOrGreek = false;
    let ukrainianLetter = false;
    while (j < src.length) {
      const c = src.charCodeAt(j);
      if (c >= 0x430 && c <= 0x44f) russian = true;
      else if (isForeignLetter(c)) {
        foreign = true;
        if (c === 0x456 || c === 0x457 || c === 0x454) ukrainianLetter = true;
        else latinOrGreek = true;
      } else if ((c >= 0x30 && c <= 0x39) || c === 0x40) digit = true;
      else if (!isWordUnit(c)) break;
      j++;
    }
    if (j === i) {
      i++;
      continue;
    }
    const start = i;
    i = j;
    if (!foreign && !(digit && russian)) continue;
    const token = src.slice(start, j);
    // Ukrainian і/ї/є are folded too, but they are Cyrillic: a word with them is not "mixed script".
    const mixed = russian && latinOrGreek;
    const ukrainian = russian && ukrainianLetter;
    let allLookAlike = false;
    if (!russian && foreign) {
      cyrillicText ??= countRussian(src) > countLatin(src);
      allLookAlike =
        cyrillicText &&
        !partOfAddress(src, start, token.length) &&
        [...token].every((ch) => VISUAL_TWINS.has(ch));
    }
    if (mixed) mixedWords++;
    if (!russian && !allLookAlike) continue;
    const folded = foldToken(token, mixed || ukrainian, allLookAlike);
    if (folded === undefined) continue;
    b ??= new MappedBuilder(input);
    b.copy(last, start);
    // Same length as the token: code unit k stands for code unit k of the token.
    for (let k = 0; k < folded.length; k++) b.emit(folded[k] ?? '', start + k, start + k + 1);
    last = j;
  }
  if (!b) return { text: input, mixedWords };
  b.copy(last, src.length);
  return { text: b.build(), mixedWords };
}
