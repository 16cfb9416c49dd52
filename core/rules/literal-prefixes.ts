/** Characters with a meaning of their own in a pattern (outside a class). */
const META = new Set([...'\\^$.|?*+()[]{}']);
/** Escapes that stand for the character itself. */
const LITERAL_ESCAPES = new Set([...'\\^$.|?*+()[]{}/-']);
/** More literals than this and the look-ups would cost about what the expression does. */
const MAX_LITERALS = 6;

/**
 * Strings of which a text must contain at least one for the expression to match anywhere in it:
 * the literal text each top-level alternative starts with (`выигра\p{L}*\s+\d|pin-?up` →
 * `выигра`, `pin`). Null when some alternative starts with anything else (a class, a group, an
 * escape like `\d`, an anchor) or the expression ignores case, since then no such strings are known.
 *
 * Why: most pattern signals scan every comment and match almost none; `includes` of a few literals
 * is several times cheaper than running a Unicode expression over a two-byte string (measured).
 *
 * @example requiredLiterals('выигра\\p{L}*\\s+\\d|pin-?up', 'gu') // ['выигра', 'pin']
 */
export function requiredLiterals(source: string, flags: string): string[] | null {
  if (flags.includes('i')) return null;
  const out: string[] = [];
  for (const alt of topLevelAlternatives(source)) {
    const literal = leadingLiteral(alt);
    if (literal === '') return null;
    if (!out.includes(literal)) out.push(literal);
  }
  return out.length > 0 && out.length <= MAX_LITERALS ? out : null;
}

/** Whether `text` contains one of the literals (null: no literals known, so it may match). */
export function mayContain(text: string, literals: readonly string[] | null): boolean {
  if (literals === null) return true;
  for (const l of literals) if (text.includes(l)) return true;
  return false;
}

/** The pattern split at its top-level `|` (outside groups and classes). */
function topLevelAlternatives(source: string): string[] {
  const alts: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      alts.push(source.slice(from, i));
      from = i + 1;
    }
  }
  alts.push(source.slice(from));
  return alts;
}

/**
 * The characters an alternative must start with: its leading literals, less the last one when a
 * quantifier follows it (`pin-?up` → `pin`: the `-` may be absent).
 */
function leadingLiteral(alt: string): string {
  let out = '';
  let i = 0;
  while (i < alt.length) {
    const c = alt[i] ?? '';
    if (c === '\\') {
      const next = alt[i + 1] ?? '';
      if (!LITERAL_ESCAPES.has(next)) break;
      out += next;
      i += 2;
    } else if (META.has(c)) break;
    else {
      // A whole code point, so an astral character is never cut in half.
      const cp = alt.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      out += ch;
      i += ch.length;
    }
  }
  const after = alt[i];
  if (after === '?' || after === '*' || after === '+' || after === '{') {
    // The quantifier applies to the last character (a code point): it may be absent or repeated.
    const chars = [...out];
    chars.pop();
    out = chars.join('');
  }
  return out;
}
