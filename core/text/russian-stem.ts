import porterRu from 'natural/lib/natural/stemmers/porter_stemmer_ru.js';

/**
 * Russian stem by natural's Snowball/Porter stemmer (endings off: `идиотами` → `идиот`). Used when
 * rules are compiled, not per comment, so its cost does not matter.
 *
 * @example russianStem('уроды') === 'урод'
 */
export function russianStem(word: string): string {
  return porterRu.stem(word);
}
