/**
 * Features of a (normalised) text for the spam classifier: words cut to their first 5 letters
 * (a cheap stand-in for stemming that costs nothing per comment), plus markers for links, handles,
 * phone-like numbers, money amounts and emoji. Each feature appears once. The train script and the
 * rule use this same function, so the model always sees the features it was trained on.
 *
 * @example spamFeatures('Пиши в лс @bot_casino').includes('<handle>') === true
 */
export function spamFeatures(text: string): string[] {
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
