import { normalizeWord, wordListRegExp } from '../rules/word-pattern.ts';

const SINGLE_WORD = /^[\p{L}\p{N}]+\*?$/u;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/**
 * Per UTF-16 code unit: 0 not yet known, 1 a letter or digit, 2 neither. Filled as code units come up;
 * high surrogates stay 0 (the pair decides).
 */
const bmpClass = new Uint8Array(0x10000);

/**
 * Code units of the letter or digit at `i` (2 for one outside the BMP), 0 when there is none: the
 * tokens are exactly `[\p{L}\p{N}]+` with the `u` flag, without running a regex over the text.
 */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(i + 1);
    if (!(d >= 0xdc00 && d <= 0xdfff)) return 0;
    return WORD_CHAR.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  let k = bmpClass[c];
  if (k === 0) bmpClass[c] = k = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1 ? 1 : 0;
}

/** A node of the character trie of all entries' (first) words; ids are list ids, `null` for none. */
class TrieNode {
  readonly next = new Map<number, TrieNode>();
  /** Lists with this exact one-word entry / a one-word entry `this*`. */
  exact: number[] | null = null;
  stem: number[] | null = null;
  /** Lists with a phrase whose first word is exactly this / is `this*`. */
  phraseExact: number[] | null = null;
  phraseStem: number[] | null = null;
}

const addOnce = (ids: number[] | null, id: number): number[] => {
  if (!ids) return [id];
  if (!ids.includes(id)) ids.push(id);
  return ids;
};

/** A token's list ids, reused from word to word: most words have none, and none allocates. */
class IdScratch {
  readonly ids: number[] = [];
  size = 0;

  has(id: number): boolean {
    for (let i = 0; i < this.size; i++) if (this.ids[i] === id) return true;
    return false;
  }

  addAll(ids: readonly number[]): void {
    for (const id of ids) if (!this.has(id)) this.ids[this.size++] = id;
  }
}

/** A phrase can only start at a word equal to its first word (or starting with it, for `word*`). */
function firstWord(entry: string): string | undefined {
  const first = /^[^\s]*?[\p{L}\p{N}]+\*?/u.exec(entry)?.[0];
  return first?.match(/[\p{L}\p{N}]+\*?$/u)?.[0];
}

/**
 * Finds where word lists (written as for `wordListRegExp`) match a text by looking its words up,
 * instead of scanning the text with one regex per list. One-word entries — nearly all of them — are
 * answered by walking a character trie along the word; phrases are tried with a small sticky regex
 * only at the words they can start with. The spans are exactly the ones the list's regex finds (left
 * to right, no overlaps).
 *
 * Why: the appeal topics' lists joined into one regex each are too large for V8 to compile to
 * machine code; scanning every comment with them cost more than all moderation rules together. The
 * trie walk reads the text in place: most words leave it after a letter or two, with no substring,
 * hashing or memo (a word memo was the index's biggest cost, and grew with every new word).
 */
export class WordListIndex {
  readonly #root = new TrieNode();
  /** Per list, its phrases as one sticky regex (undefined when the list has none). */
  readonly #phrases: (RegExp | undefined)[] = [];
  /** Per list, the whole list as one sticky regex: where a word and a phrase both fit, its order decides. */
  readonly #whole: (RegExp | undefined)[] = [];
  /** Per list: it has a phrase with no first word (only punctuation), so its regex scans the whole text. */
  readonly #scanAlways: boolean[] = [];
  readonly #scanAlwaysIds: number[] = [];
  /** The current word's lists: those it matches as a one-word entry, those whose phrases may start at it. */
  readonly #single = new IdScratch();
  readonly #phraseStart = new IdScratch();
  /** Per list, where its last match in the current text ended (reused from text to text). */
  #busyUntil = new Int32Array(0);

  /** The number of lists added (the next list's id). */
  get size(): number {
    return this.#phrases.length;
  }

  /** Adds a list; returns its id. */
  add(entries: readonly string[]): number {
    const id = this.#phrases.length;
    const phrases: string[] = [];
    let scanAlways = false;
    for (const raw of entries) {
      const entry = normalizeWord(raw);
      if (entry.length === 0) continue;
      const single = SINGLE_WORD.test(entry);
      const word = single ? entry : firstWord(entry);
      if (!single) phrases.push(entry);
      if (!word) {
        scanAlways = true;
        continue;
      }
      const stem = word.endsWith('*');
      const node = this.#nodeOf(stem ? word.slice(0, -1) : word);
      if (single && stem) node.stem = addOnce(node.stem, id);
      else if (single) node.exact = addOnce(node.exact, id);
      else if (stem) node.phraseStem = addOnce(node.phraseStem, id);
      else node.phraseExact = addOnce(node.phraseExact, id);
    }
    this.#scanAlways.push(scanAlways);
    if (scanAlways) this.#scanAlwaysIds.push(id);
    const re = wordListRegExp(scanAlways ? entries : phrases);
    this.#phrases.push(re ? new RegExp(re.source, scanAlways ? 'gu' : 'yu') : undefined);
    const whole = wordListRegExp(entries);
    this.#whole.push(whole ? new RegExp(whole.source, 'yu') : undefined);
    this.#busyUntil = new Int32Array(this.#phrases.length);
    return id;
  }

  #nodeOf(key: string): TrieNode {
    let node = this.#root;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) node.next.set(c, (child = new TrieNode()));
      node = child;
    }
    return node;
  }

  /**
   * Each list's matches in `text`, indexed by list id (undefined: none), as [start, end) offsets
   * flattened into one array per list: `[start0, end0, start1, end1, …]`.
   */
  spans(text: string): (number[] | undefined)[] {
    const out: (number[] | undefined)[] = [];
    /** Per list, where its last match ended: matches do not overlap. */
    const busyUntil = this.#busyUntil.fill(0);
    const single = this.#single;
    const phraseStart = this.#phraseStart;
    const n = text.length;
    let i = 0;
    while (i < n) {
      // The table answers nearly every code unit inline; the call is for new ones and surrogates.
      let k = bmpClass[text.charCodeAt(i)];
      const w = k === 1 ? 1 : k === 2 ? 0 : wordCharAt(text, i);
      if (w === 0) {
        i++;
        continue;
      }
      const start = i;
      i += w;
      while (i < n) {
        k = bmpClass[text.charCodeAt(i)];
        const more = k === 1 ? 1 : k === 2 ? 0 : wordCharAt(text, i);
        if (more === 0) break;
        i += more;
      }
      if (!this.#listsOf(text, start, i)) continue;
      for (let k = 0; k < phraseStart.size; k++) {
        const id = phraseStart.ids[k] ?? 0;
        // Rare: a one-word entry fits here too, and the regex's alternative order picks the winner.
        const re = single.has(id) ? this.#whole[id] : this.#phrases[id];
        if (!re || this.#scanAlways[id] || (busyUntil[id] ?? 0) > start) continue;
        re.lastIndex = start;
        const hit = re.exec(text);
        if (hit) {
          (out[id] ??= []).push(start, start + hit[0].length);
          busyUntil[id] = start + hit[0].length;
        }
      }
      for (let k = 0; k < single.size; k++) {
        const id = single.ids[k] ?? 0;
        if (this.#scanAlways[id] || phraseStart.has(id) || (busyUntil[id] ?? 0) > start) continue;
        (out[id] ??= []).push(start, i);
        busyUntil[id] = i;
      }
    }
    for (const id of this.#scanAlwaysIds) this.#scanWhole(id, text, out);
    return out;
  }

  /** A list with a phrase that cannot be looked up by word: its whole regex over the whole text. */
  #scanWhole(id: number, text: string, out: (number[] | undefined)[]): void {
    const re = this.#phrases[id];
    if (!re) return;
    re.lastIndex = 0;
    for (const hit of text.matchAll(re)) (out[id] ??= []).push(hit.index, hit.index + hit[0].length);
  }

  /**
   * Fills the scratch lists with the lists the word `text[start, end)` can match: walks the trie along
   * the word, collecting stems on the way and exact entries at its end. False when there are none.
   */
  #listsOf(text: string, start: number, end: number): boolean {
    const single = this.#single;
    const phraseStart = this.#phraseStart;
    single.size = 0;
    phraseStart.size = 0;
    let node: TrieNode | undefined = this.#root;
    let i = start;
    while (i < end) {
      node = node.next.get(text.charCodeAt(i));
      if (!node) break;
      i++;
      if (node.stem) single.addAll(node.stem);
      if (node.phraseStem) phraseStart.addAll(node.phraseStem);
    }
    if (node && i === end) {
      if (node.exact) single.addAll(node.exact);
      if (node.phraseExact) phraseStart.addAll(node.phraseExact);
    }
    return single.size + phraseStart.size > 0;
  }
}
