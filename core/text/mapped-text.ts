/**
 * Text in the middle of the normalisation pipeline. `starts[i]`/`ends[i]` give the range of the
 * ORIGINAL text that produced code unit `i`, so a step only needs the ranges of its input to keep
 * every later span pointing at what the moderator sees.
 */
export interface MappedText {
  readonly text: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** A normalisation step: pure, returns its input unchanged when it has nothing to do. */
export type TextStep = (input: MappedText) => MappedText;

/** Identity offsets, built only when something asks for them (most comments never need a span). */
class IdentityMapped implements MappedText {
  #starts: Int32Array | undefined;
  #ends: Int32Array | undefined;
  constructor(readonly text: string) {}
  get starts(): Int32Array {
    if (!this.#starts) {
      this.#starts = new Int32Array(this.text.length);
      for (let i = 0; i < this.text.length; i++) this.#starts[i] = i;
    }
    return this.#starts;
  }
  get ends(): Int32Array {
    if (!this.#ends) {
      this.#ends = new Int32Array(this.text.length);
      for (let i = 0; i < this.text.length; i++) this.#ends[i] = i + 1;
    }
    return this.#ends;
  }
}

/** Whether offsets are still the identity map (code unit i came from code unit i). */
export function isIdentity(m: MappedText): boolean {
  return m instanceof IdentityMapped;
}

/**
 * The same offsets with a new text of the same length (a one-to-one step such as lower case):
 * keeps an identity map lazy instead of building its arrays.
 */
export function withText(input: MappedText, text: string): MappedText {
  if (input instanceof IdentityMapped) return new IdentityMapped(text);
  return { text, starts: input.starts, ends: input.ends };
}

/** The identity map of a string onto itself (offset arrays built lazily). */
export function mappedFrom(original: string): MappedText {
  return new IdentityMapped(original);
}

// Offset arrays shared by builders: a builder lives only inside one synchronous step, so one pair
// serves every step in turn and `build` copies out the exact-size result. Profiling showed the
// allocation of fresh arrays per builder (and of the identity map it read from) among the costliest
// parts of normalisation. A second builder alive at the same time simply gets arrays of its own.
let sharedStarts = new Int32Array(1024);
let sharedEnds = new Int32Array(1024);
let sharedInUse = false;

/**
 * Accumulates a step's output. Each `emit` says which input range `[from, to)` the emitted code
 * units stand for; they all inherit that range's original offsets.
 */
export class MappedBuilder {
  readonly #parts: string[] = [];
  #starts: Int32Array;
  #ends: Int32Array;
  #length = 0;
  #shared: boolean;
  /** The input's offsets, or undefined when the input is the identity map (offset i is i). */
  readonly #inStarts: Int32Array | undefined;
  readonly #inEnds: Int32Array | undefined;

  constructor(private readonly input: MappedText) {
    const size = input.text.length + 8;
    this.#shared = !sharedInUse;
    if (this.#shared) {
      sharedInUse = true;
      if (sharedStarts.length < size) {
        sharedStarts = new Int32Array(Math.max(size, sharedStarts.length * 2));
        sharedEnds = new Int32Array(sharedStarts.length);
      }
      this.#starts = sharedStarts;
      this.#ends = sharedEnds;
    } else {
      this.#starts = new Int32Array(size);
      this.#ends = new Int32Array(size);
    }
    const identity = input instanceof IdentityMapped;
    this.#inStarts = identity ? undefined : input.starts;
    this.#inEnds = identity ? undefined : input.ends;
  }

  emit(units: string, from: number, to: number): void {
    if (units.length === 0 || to <= from) return;
    const s = this.#inStarts ? (this.#inStarts[from] ?? 0) : from;
    const e = this.#inEnds ? (this.#inEnds[to - 1] ?? s) : to;
    this.#grow(units.length);
    for (let k = 0; k < units.length; k++) {
      this.#starts[this.#length] = s;
      this.#ends[this.#length] = e;
      this.#length++;
    }
    this.#parts.push(units);
  }

  /** Copies input code units `[from, to)` unchanged. */
  copy(from: number, to: number): void {
    if (to <= from) return;
    this.#grow(to - from);
    const inStarts = this.#inStarts;
    const inEnds = this.#inEnds;
    const starts = this.#starts;
    const ends = this.#ends;
    let n = this.#length;
    // Plain loops: `set(subarray(...))` allocates a view per call, and most copies are short.
    if (inStarts && inEnds) {
      for (let i = from; i < to; i++, n++) {
        starts[n] = inStarts[i] ?? 0;
        ends[n] = inEnds[i] ?? 0;
      }
    } else {
      for (let i = from; i < to; i++, n++) {
        starts[n] = i;
        ends[n] = i + 1;
      }
    }
    this.#length = n;
    this.#parts.push(this.input.text.slice(from, to));
  }

  build(): MappedText {
    const result = {
      text: this.#parts.join(''),
      starts: this.#starts.slice(0, this.#length),
      ends: this.#ends.slice(0, this.#length),
    };
    if (this.#shared) {
      sharedInUse = false;
      this.#shared = false;
    }
    return result;
  }

  #grow(extra: number): void {
    if (this.#length + extra <= this.#starts.length) return;
    const size = Math.max(this.#starts.length * 2, this.#length + extra);
    const s = new Int32Array(size);
    const e = new Int32Array(size);
    s.set(this.#starts);
    e.set(this.#ends);
    this.#starts = s;
    this.#ends = e;
    if (this.#shared) {
      sharedStarts = s;
      sharedEnds = e;
    }
  }
}

/**
 * Applies a one-to-one code-unit mapping (same length, same offsets), e.g. case folding.
 * Returns the input itself when nothing changes.
 */
export function mapUnits(input: MappedText, mapUnit: (unit: string) => string): MappedText {
  const src = input.text;
  let out: string[] | undefined;
  for (let i = 0; i < src.length; i++) {
    const u = src[i] ?? '';
    const m = mapUnit(u);
    if (m !== u && m.length === 1) {
      out ??= src.slice(0, i).split('');
      out.push(m);
    } else if (out) out.push(u);
  }
  return out ? withText(input, out.join('')) : input;
}
