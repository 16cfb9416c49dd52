import type { Span } from '../rules/rule-result.ts';

/**
 * A comment's text after normalisation, with a map back to the original so that every span a
 * rule reports points at what the moderator actually sees.
 *
 * `starts[i]`/`ends[i]` give the original range that produced normalised code unit `i`.
 */
export interface NormalizedText {
  readonly original: string;
  readonly text: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Notes about the text (e.g. `mixed-script`), for rules and moderators. */
  readonly flags: ReadonlySet<string>;
  /** How many words mixed Cyrillic with Latin/Greek letters (look-alike obfuscation). */
  readonly mixedScriptWords?: number;
  /** True when normalisation changed no offsets (`starts[i] === i`), so spans need no look-up. */
  readonly identity?: boolean;
}

/** Combining marks (an accent, a variation selector) right after `i` in `text`: part of that character. */
const MARK = /\p{M}/u;
function afterMarks(text: string, i: number): number {
  let e = i;
  while (e < text.length && MARK.test(text[e] ?? '')) e++;
  return e;
}

/**
 * Maps a range of the normalised text back to the original text. The end takes in the combining marks
 * that follow (normalisation removed them): a span must not split a character as the reader sees it —
 * the stress accent typed on a word's last letter stayed outside the highlight, and got masked.
 */
export function toOriginalSpan(t: NormalizedText, start: number, end: number): Span {
  if (end <= start || t.text.length === 0) return { start: 0, end: 0 };
  if (t.identity) return { start: Math.max(0, start), end: Math.min(end, t.original.length) };
  const s = t.starts[Math.min(start, t.text.length - 1)] ?? 0;
  const e = t.ends[Math.min(end, t.text.length) - 1] ?? t.original.length;
  return { start: s, end: afterMarks(t.original, e) };
}

/** Identity normalisation: the original text with a one-to-one offset map. */
export function identityText(original: string): NormalizedText {
  const n = original.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = i;
    ends[i] = i + 1;
  }
  return { original, text: original, starts, ends, flags: new Set() };
}
