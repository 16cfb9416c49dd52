/**
 * Literal text a regular expression cannot match without: a cheap `includes` test that lets a
 * detector skip a regex on the (many) comments where it cannot match. Used by the rules' pattern
 * signals and by appeal detection.
 *
 * Why: most patterns match almost no comment, yet V8 tries them at every position (the appeal
 * signals begin with look-behinds and `\p{L}` runs); «пожалуйста» or «?» rule most comments out
 * at a fraction of that.
 */

/**
 * What a match must contain: every group holds alternatives, and a match contains at least one
 * alternative of each group. `[]` = nothing known (the regex may match anything).
 */
export type RequiredLiterals = readonly (readonly string[])[];

interface Node {
  /** The one string the node matches, when it matches exactly one (letters written as themselves). */
  readonly exact?: string;
  readonly required: RequiredLiterals;
}

const NOTHING: Node = { required: [] };

/** Not a syntax this reader knows: the regex gets no prefilter. */
class Unknown extends Error {}

/** The alternatives group that rules out most: the one whose shortest alternative is longest. */
function bestGroup(required: RequiredLiterals): readonly string[] | undefined {
  let best: readonly string[] | undefined;
  let bestLen = 0;
  for (const g of required) {
    const len = Math.min(...g.map((s) => s.length));
    if (len > bestLen) [best, bestLen] = [g, len];
  }
  return best;
}

/**
 * Reads a `u`-flag regex source (no `i` flag: the text is matched as written) and returns its required
 * literals. Sound by construction: anything it does not know (classes, escapes, back-references,
 * look-arounds) requires nothing, so the answer can only be weaker than the truth, never wrong.
 */
class Reader {
  #i = 0;
  constructor(readonly src: string) {}

  read(): RequiredLiterals {
    const node = this.#disjunction();
    if (this.#i < this.src.length) throw new Unknown();
    return node.required;
  }

  #peek(): string | undefined {
    return this.src[this.#i];
  }

  #disjunction(): Node {
    const branches = [this.#alternative()];
    while (this.#peek() === '|') {
      this.#i++;
      branches.push(this.#alternative());
    }
    if (branches.length === 1) return branches[0] ?? NOTHING;
    const union: string[] = [];
    for (const b of branches) {
      const g = b.exact !== undefined ? (b.exact ? [b.exact] : undefined) : bestGroup(b.required);
      // A branch that needs nothing lets the whole alternation match without any literal.
      if (!g) return NOTHING;
      union.push(...g);
    }
    return { required: [union] };
  }

  #alternative(): Node {
    const required: (readonly string[])[] = [];
    let run = '';
    let allExact = true;
    const endRun = () => {
      if (run) required.push([run]);
      run = '';
    };
    while (this.#i < this.src.length && this.#peek() !== '|' && this.#peek() !== ')') {
      const atom = this.#term();
      if (atom.exact !== undefined) run += atom.exact;
      else {
        allExact = false;
        endRun();
        required.push(...atom.required);
      }
    }
    if (allExact) return { exact: run, required: run ? [[run]] : [] };
    endRun();
    return { required };
  }

  /** An atom with its quantifier; look-arounds and assertions count as atoms that need nothing. */
  #term(): Node {
    const atom = this.#atom();
    const min = this.#quantifier();
    if (min === undefined) return atom;
    return min === 0 ? NOTHING : { required: atom.required };
  }

  /** The quantifier's minimum, or `undefined` when there is none. */
  #quantifier(): number | undefined {
    const c = this.#peek();
    let min: number | undefined;
    if (c === '*' || c === '?') min = 0;
    else if (c === '+') min = 1;
    else if (c === '{') {
      const m = /^\{(\d+)(?:,\d*)?\}/.exec(this.src.slice(this.#i));
      if (!m) throw new Unknown();
      this.#i += m[0].length - 1;
      min = Number(m[1]);
    } else return undefined;
    this.#i++;
    if (this.#peek() === '?') this.#i++;
    return min;
  }

  #atom(): Node {
    const c = this.#peek() ?? '';
    if (c === '(') return this.#group();
    if (c === '[') {
      this.#skipClass();
      return NOTHING;
    }
    if (c === '\\') return this.#escape();
    if ('*+?{}]|)'.includes(c)) throw new Unknown();
    this.#i++;
    if (c === '.' || c === '^' || c === '$') return NOTHING;
    // A code point outside the BMP is one character in `u` mode: keep its two halves together.
    const cp = this.src.codePointAt(this.#i - 1) ?? 0;
    if (cp > 0xffff) this.#i++;
    const ch = String.fromCodePoint(cp);
    return { exact: ch, required: [[ch]] };
  }

  #group(): Node {
    const rest = this.src.slice(this.#i);
    const head = /^\((?:\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>))?/.exec(rest)?.[0] ?? '(';
    if (rest.startsWith('(?') && head === '(') throw new Unknown();
    this.#i += head.length;
    const inner = this.#disjunction();
    if (this.#peek() !== ')') throw new Unknown();
    this.#i++;
    const lookaround = head === '(?=' || head === '(?!' || head === '(?<=' || head === '(?<!';
    return lookaround ? NOTHING : inner;
  }

  #skipClass(): void {
    this.#i++;
    while (this.#i < this.src.length && this.#peek() !== ']') this.#i += this.#peek() === '\\' ? 2 : 1;
    if (this.#peek() !== ']') throw new Unknown();
    this.#i++;
  }

  #escape(): Node {
    const c = this.src[this.#i + 1] ?? '';
    this.#i += 2;
    if (c === 'p' || c === 'P') {
      const close = this.src.indexOf('}', this.#i);
      if (this.#peek() !== '{' || close < 0) throw new Unknown();
      this.#i = close + 1;
      return NOTHING;
    }
    if (c === 'k') {
      const close = this.src.indexOf('>', this.#i);
      if (close < 0) throw new Unknown();
      this.#i = close + 1;
      return NOTHING;
    }
    if (c === 'd') return { required: [[...'0123456789']] };
    // Syntax characters stand for themselves; every other escape (classes, \b, \t) needs nothing.
    if ('^$\\.*+?()[]{}|/'.includes(c)) return { exact: c, required: [[c]] };
    if (c === 'u' || c === 'x' || c === 'c') throw new Unknown();
    // A back-reference's number may have more digits; they are part of it, not literal digits.
    while (/[0-9]/.test(c) && /[0-9]/.test(this.#peek() ?? '')) this.#i++;
    return NOTHING;
  }
}

/**
 * The literals a match of `source` (a `u`-flag regex without `i`) must contain; `[]` when none are
 * known or the syntax is beyond this reader.
 *
 * @example requiredLiterals('(?:нет|без)\\s+вод') // [['нет', 'без'], ['вод']]
 */
export function requiredLiterals(source: string): RequiredLiterals {
  try {
    const required = new Reader(source).read();
    // Cheapest group first (fewest `includes`), then the longest literals: `mayMatch` stops at the
    // first group the text lacks.
    const shortest = (g: readonly string[]) => Math.min(...g.map((x) => x.length));
    return [...required].sort((a, b) => a.length - b.length || shortest(b) - shortest(a));
  } catch (e) {
    if (e instanceof Unknown) return [];
    throw e;
  }
}

/** Whether `text` holds a literal of every group of `required` (true when nothing is required). */
export function mayMatch(text: string, required: RequiredLiterals): boolean {
  for (const group of required) if (!group.some((literal) => text.includes(literal))) return false;
  return true;
}

/** Required literals as ids of a `LiteralTable`: every group needs one of its literals. */
export type LiteralIds = readonly (readonly number[])[];

/**
 * The literals of all of a detector's patterns, numbered once, so that each text is searched for each
 * literal at most once: patterns share them («?» is needed by four, «нет» by three).
 */
export class LiteralTable {
  readonly #ids = new Map<string, number>();

  get size(): number {
    return this.#ids.size;
  }

  /** Numbers `required`'s literals (the same literal always gets the same id). */
  intern(required: RequiredLiterals): LiteralIds {
    return required.map((group) =>
      group.map((s) => {
        let id = this.#ids.get(s);
        if (id === undefined) this.#ids.set(s, (id = this.#ids.size));
        return id;
      }),
    );
  }

  /** The literals in id order. */
  literals(): string[] {
    return [...this.#ids.keys()];
  }
}

/** What one text holds of a table's literals, searched for lazily as patterns ask. */
export class TextLiterals {
  readonly #literals: readonly string[];
  /** Per literal id: 0 not searched yet, 1 present, 2 absent (a plain array: a typed one costs more to make). */
  readonly #known: number[];

  constructor(
    literals: readonly string[],
    readonly text: string,
  ) {
    this.#literals = literals;
    this.#known = new Array<number>(literals.length).fill(0);
  }

  /** Whether the text holds a literal of every group (true when there are no groups). */
  mayMatch(needs: LiteralIds): boolean {
    for (const group of needs) {
      let found = false;
      for (const id of group) {
        let k = this.#known[id];
        if (k === 0) this.#known[id] = k = this.text.includes(this.#literals[id] ?? '') ? 1 : 2;
        if (k === 1) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
}
