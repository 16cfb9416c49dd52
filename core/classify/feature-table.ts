const FNV_OFFSET = 0x811c9dc5 | 0; // as an int32, like every hash stored in the slots
const FNV_PRIME = 0x01000193;

/**
 * Distinct short strings → dense integer ids (0, 1, 2… in order of first sight), looked up by the
 * code units of a range of any text, so a feature can be found without slicing it out of the
 * comment. Open addressing over a code-unit pool: the classifier's per-comment cost was the
 * strings, the Set that deduplicated them and the Map that found their weights (profiled), none of
 * which a lookup here allocates.
 */
export class FeatureTable {
  /** Pairs per slot: hash, id + 1 (0 = empty). */
  #slots: Int32Array;
  #mask: number;
  #starts: Int32Array = new Int32Array(256);
  #lengths: Int32Array = new Int32Array(256);
  #hashes: Int32Array = new Int32Array(256);
  #pool = new Uint16Array(1024);
  #poolLength = 0;
  #size = 0;

  constructor() {
    this.#slots = new Int32Array(2 * 1024);
    this.#mask = 1024 - 1;
  }

  /** Number of distinct strings held. */
  get size(): number {
    return this.#size;
  }

  /** The id of `s`, added if new. */
  idOf(s: string): number {
    return this.idOfRange(s, 0, s.length);
  }

  /** The id of `text.slice(from, to)`, added if new. */
  idOfRange(text: string, from: number, to: number): number {
    let h = FNV_OFFSET;
    for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
    const n = to - from;
    const slots = this.#slots;
    const pool = this.#pool;
    let s = h & this.#mask;
    for (let id = slots[2 * s + 1] ?? 0; id !== 0; id = slots[2 * s + 1] ?? 0) {
      if (slots[2 * s] === h && this.#lengths[id - 1] === n) {
        const at = (this.#starts[id - 1] ?? 0) - from;
        let i = from;
        while (i < to && pool[at + i] === text.charCodeAt(i)) i++;
        if (i === to) return id - 1;
      }
      s = (s + 1) & this.#mask;
    }
    return this.#add(text, from, to, h, s);
  }

  /** The string of an id. */
  textOf(id: number): string {
    const start = this.#starts[id] ?? 0;
    return String.fromCharCode(...this.#pool.subarray(start, start + (this.#lengths[id] ?? 0)));
  }

  /** Forgets every id from `keep` on (ids below it stay as they are): bounds a table fed by comments. */
  truncate(keep: number): void {
    if (keep >= this.#size) return;
    this.#size = keep;
    this.#poolLength = keep > 0 ? (this.#starts[keep - 1] ?? 0) + (this.#lengths[keep - 1] ?? 0) : 0;
    this.#rehash(this.#slots.length / 2);
  }

  #add(text: string, from: number, to: number, h: number, slot: number): number {
    const id = this.#size++;
    if (id >= this.#starts.length) {
      this.#starts = grown(this.#starts, id + 1);
      this.#lengths = grown(this.#lengths, id + 1);
      this.#hashes = grown(this.#hashes, id + 1);
    }
    const n = to - from;
    if (this.#poolLength + n > this.#pool.length) {
      const pool = new Uint16Array(Math.max(this.#pool.length * 2, this.#poolLength + n));
      pool.set(this.#pool);
      this.#pool = pool;
    }
    this.#starts[id] = this.#poolLength;
    this.#lengths[id] = n;
    this.#hashes[id] = h;
    for (let i = from; i < to; i++) this.#pool[this.#poolLength++] = text.charCodeAt(i);
    this.#slots[2 * slot] = h;
    this.#slots[2 * slot + 1] = id + 1;
    // At most half full, so probes stay short.
    if (this.#size * 2 > this.#slots.length / 2) this.#rehash(this.#slots.length);
    return id;
  }

  #rehash(capacity: number): void {
    this.#slots = new Int32Array(2 * capacity);
    this.#mask = capacity - 1;
    for (let id = 0; id < this.#size; id++) {
      const h = this.#hashes[id] ?? 0;
      let s = h & this.#mask;
      while (this.#slots[2 * s + 1] !== 0) s = (s + 1) & this.#mask;
      this.#slots[2 * s] = h;
      this.#slots[2 * s + 1] = id + 1;
    }
  }
}

function grown(a: Int32Array, min: number): Int32Array {
  const b = new Int32Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}
