import type { NormalizedText } from './normalized-text.ts';

/** A word of the normalised text, with its range in the normalised text. */
export interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

// The rules of one comment run one after another, so remembering the last text's words is enough
// to split each comment only once; a WeakMap per comment would cost more than the split itself.
let cachedText: NormalizedText | undefined;
const cachedWords = new Map<string, readonly Word[]>();
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Letter or digit, with fast answers for ASCII and the Cyrillic block (almost every character we see). */
export function isWordUnit(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  if (code >= 0x410 && code <= 0x44f) return true;
  if (code >= 0xd800 && code <= 0xdfff) return false; // astral (emoji): treated as a separator
  return LETTER_OR_DIGIT.test(String.fromCharCode(code));
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
  if (cachedText !== text) {
    cachedText = text;
    cachedWords.clear();
  }
  const hit = cachedWords.get(extraChars);
  if (hit) return hit;
  const t = text.text;
  const words: Word[] = [];
  let start = -1;
  for (let i = 0; i <= t.length; i++) {
    const code = i < t.length ? t.charCodeAt(i) : 0x20;
    const inWord =
      i < t.length && (isWordUnit(code) || (extraChars !== '' && extraChars.includes(t[i] ?? '')));
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push({ text: t.slice(start, i), start, end: i });
      start = -1;
    }
  }
  cachedWords.set(extraChars, words);
  return words;
}
