import type { NormalizedText } from './normalized-text.ts';

/** A word of the normalised text, with its range in the normalised text. */
export interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Filled in by the word index: the row of this word's answers (see `word-index.ts`); -1 before. */
  listRow: number;
  /** FNV-1a hash of the word's code units, computed while splitting (the word index's key). */
  readonly hash: number;
}

// The rules of one comment run one after another, so remembering the last text's words is enough
// to split each comment only once; a WeakMap per comment would cost more than the split itself.
interface CacheSlot {
  text: NormalizedText | undefined;
  extra: string;
  words: readonly Word[];
}
const slots: CacheSlot[] = [
  { text: undefined, extra: '', words: [] },
  { text: undefined, extra: '', words: [] },
];
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Letter or digit, with fast answers for ASCII and the Cyrillic block (almost every character we see). */
function computeWordUnit(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  if (code >= 0x400 && code <= 0x52f) return code <= 0x481 || code >= 0x48a; // Cyrillic, minus its signs
  if (code >= 0xd800 && code <= 0xdfff) return false; // astral (emoji): treated as a separator
  if (code >= 0x2000 && code <= 0x2bff) return false; // punctuation, arrows, symbols
  return LETTER_OR_DIGIT.test(String.fromCharCode(code));
}

// The answer for every code unit, computed once: « » № and other common characters outside the
// fast ranges otherwise cost a regular-expression call each (seen in profiles).
const WORD_UNIT = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) WORD_UNIT[c] = computeWordUnit(c) ? 1 : 0;

/** Letter or digit (Unicode), for one UTF-16 code unit; surrogates count as separators. */
export function isWordUnit(code: number): boolean {
  return WORD_UNIT[code] === 1;
}

/**
 * The words of a normalised text: maximal runs of letters, digits and the given extra characters
 * (e.g. mask characters `*#%`). Computed once per text and character set and shared by every rule
 * evaluated on that text in a row, so a comment is split into words only once however many
 * word-list rules run.
 *
 * @example wordsOf(normalize('Ну и х*й')).map((w) => w.text) // ['ну', 'и', 'х', 'й']
 */
export function wordsOf(text: NormalizedText, extraChars = ''): readonly Word[] {
  for (let k = 0; k < slots.length; k++) {
    const slot = slots[k];
    if (slot && slot.text === text && slot.extra === extraChars) return slot.words;
  }
  // No extra character in the text: the words are the plain words (one split instead of two).
  if (extraChars !== '' && ![...extraChars].some((c) => text.text.includes(c))) return wordsOf(text, '');
  const t = text.text;
  const words: Word[] = [];
  const n = t.length;
  let start = -1;
  let h = FNV_OFFSET;
  for (let i = 0; i < n; i++) {
    const code = t.charCodeAt(i);
    const inWord = isWordUnit(code) || (extraChars !== '' && extraChars.includes(t.charAt(i)));
    if (inWord) {
      if (start < 0) {
        start = i;
        h = FNV_OFFSET;
      }
      h = Math.imul(h ^ code, FNV_PRIME);
    } else if (start >= 0) {
      words.push({ text: t.slice(start, i), start, end: i, listRow: -1, hash: h >>> 0 });
      start = -1;
    }
  }
  if (start >= 0) words.push({ text: t.slice(start, n), start, end: n, listRow: -1, hash: h >>> 0 });
  // Slot 0 for plain words, slot 1 for words with extra characters (mask characters).
  const slot = slots[extraChars === '' ? 0 : 1];
  if (slot) {
    slot.text = text;
    slot.extra = extraChars;
    slot.words = words;
  }
  return words;
}
