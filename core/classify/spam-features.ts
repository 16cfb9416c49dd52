import { isWordUnit } from '../text/words.ts';

/**
 * Features of a (normalised) text for the spam classifier: words cut to their first 5 letters
 * (a cheap stand-in for stemming that costs nothing per comment), plus markers for links, handles,
 * phone-like numbers, money amounts and emoji. Each feature appears once. The train script and the
 * rule use this same function, so the model always sees the features it was trained on.
 *
 * @example spamFeatures('Пиши в лс @bot_casino').includes('<handle>') === true
 */
export function spamFeatures(text: string): string[] {
  return plainTextFeatures(text) ?? featuresByExpression(text);
}

/** Separators after which no feature but a word can start (see `plainTextFeatures`). */
const PLAIN_SEPARATORS = new Set([...' \n\t\r,;!?()"\'-«»—–…'].map((c) => c.charCodeAt(0)));

function isRussianOrLatinLetter(c: number): boolean {
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  return c >= 0x400 && c <= 0x52f && isWordUnit(c);
}

/**
 * The features of a text made only of Russian/Latin letters and plain punctuation — no digit, no
 * `@ $ / € ₽`, no emoji, no dot after a Latin letter, digit or hyphen, no colon before a slash —
 * where the expression can only find words: the same features in the same order, read in one pass
 * without the expression (the classifier runs on a third of comments; a unit test compares both).
 * Undefined for any other text.
 */
export function plainTextFeatures(text: string): string[] | undefined {
  const out = new Set<string>();
  let start = -1;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0x20;
    if (isRussianOrLatinLetter(c)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      if (i - start >= 2) out.add(text.slice(start, Math.min(i, start + 5)));
      start = -1;
    }
    if (PLAIN_SEPARATORS.has(c)) continue;
    if (c === 0x2e) {
      const p = i > 0 ? text.charCodeAt(i - 1) : 0x20;
      if (!((p >= 0x61 && p <= 0x7a) || (p >= 0x41 && p <= 0x5a) || (p >= 0x30 && p <= 0x39) || p === 0x2d))
        continue;
    }
    if (c === 0x3a && text.charCodeAt(i + 1) !== 0x2f) continue;
    return undefined;
  }
  return [...out];
}

/** The features by the expression, for any text (exported for the test that compares both). */
export function featuresByExpression(text: string): string[] {
  const out = new Set<string>();
  // An exec loop on the shared expression: matchAll would clone the expression on every call.
  FEATURE.lastIndex = 0;
  for (let m = FEATURE.exec(text); m !== null; m = FEATURE.exec(text)) {
    const [tok] = m;
    if (m[1] !== undefined) out.add('<url>');
    else if (m[2] !== undefined) out.add('<handle>');
    else if (m[3] !== undefined) out.add(tok.replace(/\D/g, '').length >= 10 ? '<phone>' : '<num>');
    else if (m[4] !== undefined) out.add('<money>');
    else if (m[5] !== undefined) out.add('<emoji>');
    else if (tok.length >= 2) out.add(tok.slice(0, 5));
  }
  return [...out];
}

const FEATURE =
  /(https?:\/\/\S+|www\.\S+|\b[a-z0-9-]+\.(?:ru|com|net|org|me|ly|io|su|xyz|рф)\b\S*)|(@[a-z0-9_]{4,})|(\+?\d[\d\s()-]{5,}\d|\d+)|([$€₽])|(\p{Extended_Pictographic})|(\p{L}+)/gu;
