/**
 * Features of a (normalised) text for the spam classifier: words cut to their first 5 letters
 * (a cheap stand-in for stemming that costs nothing per comment), plus markers for links, handles,
 * phone-like numbers, money amounts and emoji. Each feature appears once. The train script and the
 * rule use this same function, so the model always sees the features it was trained on.
 *
 * The features are defined by the expression `FEATURE` (see `featuresByExpression`); this function
 * finds exactly the same matches, in the same order, without running the expression where its
 * answer is known from one code unit (a unit test compares both on random texts):
 * - at a unit that no alternative can start with (space, most punctuation), nothing starts;
 * - at a letter that only the word alternative can start with (any letter but a–z, e.g. Cyrillic),
 *   the match is the maximal run of letters, read with a table.
 * Everywhere else (a–z, digits, `@ + $ € ₽ -`, emoji, astral letters) the expression itself is
 * tried at that position (sticky). Profiling showed the expression-driven loop costing ~5 µs per
 * comment (an exec and a 7-element match array per word), a sixth of all rule time.
 *
 * @example spamFeatures('Пиши в лс @bot_casino').includes('<handle>') === true
 */
export function spamFeatures(text: string): string[] {
  const out = new Set<string>();
  scanSpamFeatures(text, {
    word: (t, from, to) => out.add(t.slice(from, to)),
    marker: (feature) => out.add(feature),
  });
  return [...out];
}

/** Receives the features of a text in order, repeats included (see `scanSpamFeatures`). */
export interface FeatureSink {
  /** A word feature: `text.slice(from, to)`, already cut to at most 5 code units. */
  word(text: string, from: number, to: number): void;
  /** A marker feature: `<url>`, `<handle>`, `<phone>`, `<num>`, `<money>` or `<emoji>`. */
  marker(feature: string): void;
}

/**
 * Reports every feature occurrence of a text to `sink`, in text order, so a caller can look the
 * features up without building their strings (the spam rule's classifier does).
 */
export function scanSpamFeatures(text: string, sink: FeatureSink): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const kind = UNIT[c] ?? 0;
    if (kind & CANNOT_START) {
      i++;
      continue;
    }
    if (kind & WORD_ONLY_START) {
      let j = i + 1;
      while (j < n && (UNIT[text.charCodeAt(j)] ?? 0) & LETTER) j++;
      // A high surrogate may begin an astral letter that continues the run: let the expression decide.
      if (j >= n || !isHighSurrogate(text.charCodeAt(j))) {
        if (j - i >= 2) sink.word(text, i, Math.min(j, i + 5));
        i = j;
        continue;
      }
    }
    FEATURE_AT.lastIndex = i;
    const m = FEATURE_AT.exec(text);
    if (m !== null && FEATURE_AT.lastIndex > i) {
      report(sink, text, m);
      i = FEATURE_AT.lastIndex;
    } else {
      // No match starts here: step one code point, as the global search does in Unicode mode.
      i += isHighSurrogate(c) && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
    }
  }
}

/** The features by the expression alone, for any text: the definition (and the unit test's reference). */
export function featuresByExpression(text: string): string[] {
  const out = new Set<string>();
  // An exec loop on the shared expression: matchAll would clone the expression on every call.
  FEATURE.lastIndex = 0;
  for (let m = FEATURE.exec(text); m !== null; m = FEATURE.exec(text)) addFeature(out, m);
  return [...out];
}

function addFeature(out: Set<string>, m: RegExpExecArray): void {
  const [tok] = m;
  if (m[1] !== undefined) out.add('<url>');
  else if (m[2] !== undefined) out.add('<handle>');
  else if (m[3] !== undefined) out.add(tok.replace(/\D/g, '').length >= 10 ? '<phone>' : '<num>');
  else if (m[4] !== undefined) out.add('<money>');
  else if (m[5] !== undefined) out.add('<emoji>');
  else if (tok.length >= 2) out.add(tok.slice(0, 5));
}

/** `addFeature` for a sink (kept apart so that the definition above reads as plainly as it did). */
function report(sink: FeatureSink, text: string, m: RegExpExecArray): void {
  const [tok] = m;
  if (m[1] !== undefined) sink.marker('<url>');
  else if (m[2] !== undefined) sink.marker('<handle>');
  else if (m[3] !== undefined) sink.marker(tok.replace(/\D/g, '').length >= 10 ? '<phone>' : '<num>');
  else if (m[4] !== undefined) sink.marker('<money>');
  else if (m[5] !== undefined) sink.marker('<emoji>');
  else if (tok.length >= 2) sink.word(text, m.index, m.index + Math.min(tok.length, 5));
}

const FEATURE =
  /(https?:\/\/\S+|www\.\S+|\b[a-z0-9-]+\.(?:ru|com|net|org|me|ly|io|su|xyz|рф)\b\S*)|(@[a-z0-9_]{4,})|(\+?\d[\d\s()-]{5,}\d|\d+)|([$€₽])|(\p{Extended_Pictographic})|(\p{L}+)/gu;
/** The same expression anchored at `lastIndex`. */
const FEATURE_AT = new RegExp(FEATURE.source, 'uy');

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Bits per BMP code unit: a letter (`\p{L}`); starts no alternative; starts only the word alternative. */
const LETTER = 1;
const CANNOT_START = 2;
const WORD_ONLY_START = 4;
/**
 * The first characters of the alternatives other than the word: `h`/`w`/`[a-z0-9-]` (links),
 * `@` (handles), `+`/digit (numbers), `$ € ₽` (money), and emoji.
 */
const STARTS_NON_WORD = /[a-z0-9@+$€₽-]|\p{Extended_Pictographic}/u;
const UNIT = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue; // surrogates: always through the expression
  const ch = String.fromCharCode(c);
  const letter = /\p{L}/u.test(ch);
  const other = STARTS_NON_WORD.test(ch);
  UNIT[c] =
    (letter ? LETTER : 0) | (!letter && !other ? CANNOT_START : 0) | (letter && !other ? WORD_ONLY_START : 0);
}
