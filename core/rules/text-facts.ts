import type { RequiredLiterals } from './required-literals.ts';

/**
 * Cheap facts about one normalised text, gathered in a single pass and shared by every signal of
 * every rule: whether it has a digit, three digits in a row, and which code units and pairs of
 * adjacent code units occur (as bit sets). The bit sets answer "can this literal be in the text?"
 * with a few bit tests; only a literal that passes is searched for with `includes`.
 *
 * Why: the pattern signals' literal pre-checks searched the whole (two-byte) text some 25 times
 * per comment, mostly for literals it lacks, and the digit checks walked it twice more.
 */

const UNIT_BITS = 2048;
const PAIR_BITS = 8192;

function unitKey(c: number): number {
  return c & (UNIT_BITS - 1);
}

function pairKey(a: number, b: number): number {
  return (Math.imul(a, 31) + b) & (PAIR_BITS - 1);
}

/** A literal with the bits it needs; `includes` decides once the bits are all there. */
interface KeyedLiteral {
  readonly text: string;
  /** Unit keys for a one-unit literal, otherwise the keys of its adjacent pairs. */
  readonly keys: Int32Array;
  readonly single: boolean;
}

/** `RequiredLiterals` with each literal's bit keys computed once, at compile time. */
export type KeyedLiterals = readonly (readonly KeyedLiteral[])[];

export function keyLiterals(required: RequiredLiterals): KeyedLiterals {
  return required.map((group) =>
    group.map((text) => {
      if (text.length === 1) return { text, keys: Int32Array.of(unitKey(text.charCodeAt(0))), single: true };
      const keys = new Int32Array(Math.max(0, text.length - 1));
      for (let i = 0; i + 1 < text.length; i++) keys[i] = pairKey(text.charCodeAt(i), text.charCodeAt(i + 1));
      return { text, keys, single: false };
    }),
  );
}

// The facts of the last text asked about: the rules of one comment run one after another.
let factsOf: string | undefined;
const units = new Int32Array(UNIT_BITS / 32);
const pairs = new Int32Array(PAIR_BITS / 32);
let digit = false;
let threeDigits = false;

function scan(t: string): void {
  if (factsOf === t) return;
  factsOf = t;
  units.fill(0);
  pairs.fill(0);
  digit = false;
  threeDigits = false;
  let run = 0;
  let prev = -1;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      digit = true;
      if (++run === 3) threeDigits = true;
    } else run = 0;
    const u = unitKey(c);
    units[u >>> 5] = (units[u >>> 5] ?? 0) | (1 << (u & 31));
    if (prev >= 0) {
      const p = pairKey(prev, c);
      pairs[p >>> 5] = (pairs[p >>> 5] ?? 0) | (1 << (p & 31));
    }
    prev = c;
  }
}

/** Whether `t` has an ASCII digit (`/\d/` without the `u` flag's Unicode digits: `\d` is ASCII). */
export function hasDigit(t: string): boolean {
  scan(t);
  return digit;
}

/** Whether `t` has three ASCII digits in a row (`/\d{3}/`). */
export function hasThreeDigits(t: string): boolean {
  scan(t);
  return threeDigits;
}

function mayContain(t: string, literal: KeyedLiteral): boolean {
  const bits = literal.single ? units : pairs;
  const keys = literal.keys;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] ?? 0;
    if (((bits[k >>> 5] ?? 0) & (1 << (k & 31))) === 0) return false;
  }
  return t.includes(literal.text);
}

/**
 * Whether `t` holds a literal of every group (true when there are no groups): the same answer as
 * `mayMatch` of `required-literals.ts`, found mostly without searching the text.
 */
export function mayMatchKeyed(t: string, required: KeyedLiterals): boolean {
  if (required.length === 0) return true;
  scan(t);
  for (let g = 0; g < required.length; g++) {
    const group = required[g] ?? [];
    let found = false;
    for (let k = 0; k < group.length; k++) {
      const literal = group[k];
      if (literal && mayContain(t, literal)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}
