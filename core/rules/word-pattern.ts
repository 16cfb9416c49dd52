/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Builds one regex matching any of the words as whole words. A trailing `*` makes the word a prefix
 * (`дебил*` matches дебил, дебилы, дебильный). Letters and digits of any script count as word characters.
 *
 * @example wordListRegExp(['спам*']).test('спамеры') === true
 */
export function wordListRegExp(words: readonly string[]): RegExp | null {
  const alts = words
    .map((w) => w.trim().toLowerCase().replace(/ё/g, 'е'))
    .filter((w) => w.length > 0)
    .sort((a, b) => b.length - a.length)
    .map((w) => (w.endsWith('*') ? `${escapeRegExp(w.slice(0, -1))}[\\p{L}\\p{N}]*` : escapeRegExp(w)));
  if (alts.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
}
