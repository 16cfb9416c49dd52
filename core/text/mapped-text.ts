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

/**
 * Accumulates a step's output. Each `emit` says which input range `[from, to)` the emitted code
 * units stand for; they all inherit that range's original offsets.
 */
export class MappedBuilder {
  readonly #parts: string[] = [];
  #starts: Int32Array;
  #ends: Int32Array;
  #length = 0;

  constructor(private readonly input: MappedText) {
    this.#starts = new Int32Array(input.text.length + 8);
    this.#ends = new Int32Array(input.text.length + 8);
  }

  emit(units: string, from: number, to: number): void {
    if (units.length === 0 || to <= from) return;
    const s = this.input.starts[from] ?? 0;
    const e = this.input.ends[to - 1] ?? s;
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
    this.#starts.set(this.input.starts.subarray(from, to), this.#length);
    this.#ends.set(this.input.ends.subarray(from, to), this.#length);
    this.#length += to - from;
    this.#parts.push(this.input.text.slice(from, to));
  }

  build(): MappedText {
    return {
      text: this.#parts.join(''),
      starts: this.#starts.slice(0, this.#length),
      ends: this.#ends.slice(0, this.#length),
    };
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
