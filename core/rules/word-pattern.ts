/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Word characters: letters and digits of any script. */
export const WORD_CHAR = '[\\p{L}\\p{N}]';

/** Lower case and ё→е, as the normaliser does, so admins may write words either way. */
export function normalizeWord(w: string): string {
  return w.trim().toLowerCase().replace(/ё/g, 'е');
}

/** A list entry as a regex source: each `*` that ends a word stands for any ending. */
function entrySource(w: string): string {
  return escapeRegExp(w).replace(/\\\*(?=\s|$)/g, `${WORD_CHAR}*`);
}

/**
 * Builds one regex matching any of the words as whole words. A `*` at the end of a word makes it a
 * prefix (`дебил*` matches дебил, дебилы, дебильный), in every word of a phrase (`материальн* помощ*`
 * matches «материальной помощи»). Letters and digits of any script count as word characters.
 *
 * @example wordListRegExp(['спам*']).test('спамеры') === true
 */
export function wordListRegExp(words: readonly string[]): RegExp | null {
  const alts = words
    .map(normalizeWord)
    .filter((w) => w.length > 0)
    .sort((a, b) => b.length - a.length)
    .map(entrySource);
  if (alts.length === 0) return null;
  return new RegExp(`(?<!${WORD_CHAR})(?:${alts.join('|')})(?!${WORD_CHAR})`, 'gu');
}

/**
 * A predicate telling whether a whole word is on a list (`*` = any ending, a leading `=` is allowed
 * and means the exact word). Used for exception lists.
 *
 * @example wordListTest(['рубл*'])('рубля') === true
 */
export function wordListTest(words: readonly string[]): (word: string) => boolean {
  const alts = words
    .map((w) => normalizeWord(w).replace(/^=/, ''))
    .filter((w) => w.length > 0)
    .map((w) => (w.endsWith('*') ? `${escapeRegExp(w.slice(0, -1))}.*` : escapeRegExp(w)));
  if (alts.length === 0) return () => false;
  const re = new RegExp(`^(?:${alts.join('|')})$`, 'u');
  return (word) => re.test(word);
}

/** Whether a string compiles as a Unicode regular expression (for zod refinements). */
export function isValidRegExp(p: string): boolean {
  try {
    new RegExp(p, 'u');
    return true;
  } catch {
    return false;
  }
}
