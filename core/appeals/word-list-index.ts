import { normalizeWord, wordListRegExp } from '../rules/word-pattern.ts';

const TOKEN = /[\p{L}\p{N}]+/gu;
const SINGLE_WORD = /^[\p{L}\p{N}]+\*?$/u;
const MEMO_LIMIT = 50_000;

/** A word's lists: those it matches as a one-word entry, those whose phrases may start with it. */
interface WordLists {
  readonly single: readonly number[];
  readonly phraseStart: readonly number[];
}

/** A phrase can only start at a word equal to its first word (or starting with it, for `word*`). */
function firstWord(entry: string): string | undefined {
  const first = /^[^\s]*?[\p{L}\p{N}]+\*?/u.exec(entry)?.[0];
  return first?.match(/[\p{L}\p{N}]+\*?$/u)?.[0];
}

/**
 * Finds where word lists (written as for `wordListRegExp`) match a text by looking its words up,
 * instead of scanning the text with one regex per list. One-word entries — nearly all of them — are
 * answered from hash maps; phrases are tried with a small sticky regex only at the words they can
 * start with. The spans are exactly the ones the list's regex finds (left to right, no overlaps).
 *
 * Why: the appeal topics' lists joined into one regex each are too large for V8 to compile to
 * machine code; scanning every comment with them cost more than all moderation rules together.
 */
export class WordListIndex {
  readonly #exact = new Map<string, number[]>();
  readonly #stems = new Map<string, number[]>();
  readonly #phraseExact = new Map<string, number[]>();
  readonly #phraseStems = new Map<string, number[]>();
  #stemLengths: number[] = [];
  /** Per list, its phrases as one sticky regex (undefined when the list has none). */
  readonly #phrases: (RegExp | undefined)[] = [];
  /** Per list, the whole list as one sticky regex: where a word and a phrase both fit, its order decides. */
  readonly #whole: (RegExp | undefined)[] = [];
  /** Lists with a phrase that has no first word (only punctuation): the regex scans the whole text. */
  readonly #scanAlways = new Set<number>();
  readonly #memo = new Map<string, WordLists>();

  /** The number of lists added (the next list's id). */
  get size(): number {
    return this.#phrases.length;
  }

  /** Adds a list; returns its id. */
  add(entries: readonly string[]): number {
    const id = this.#phrases.length;
    const phrases: string[] = [];
    for (const raw of entries) {
      const entry = normalizeWord(raw);
      if (entry.length === 0) continue;
      const single = SINGLE_WORD.test(entry);
      const word = single ? entry : firstWord(entry);
      if (!single) phrases.push(entry);
      if (!word) {
        this.#scanAlways.add(id);
        continue;
      }
      const stem = word.endsWith('*');
      const key = stem ? word.slice(0, -1) : word;
      const map = single ? (stem ? this.#stems : this.#exact) : stem ? this.#phraseStems : this.#phraseExact;
      const ids = map.get(key) ?? [];
      if (!ids.includes(id)) ids.push(id);
      map.set(key, ids);
    }
    const re = wordListRegExp(this.#scanAlways.has(id) ? entries : phrases);
    this.#phrases.push(re ? new RegExp(re.source, this.#scanAlways.has(id) ? 'gu' : 'yu') : undefined);
    const whole = wordListRegExp(entries);
    this.#whole.push(whole ? new RegExp(whole.source, 'yu') : undefined);
    const stems = [...this.#stems.keys(), ...this.#phraseStems.keys()];
    this.#stemLengths = [...new Set(stems.map((k) => k.length))].sort((a, b) => a - b);
    this.#memo.clear();
    return id;
  }

  /** Each list's matches in `text` as [start, end) offsets, indexed by list id (undefined: none). */
  spans(text: string): (number[][] | undefined)[] {
    const out: (number[][] | undefined)[] = [];
    /** Per list, where its last match ended: matches do not overlap. */
    const busyUntil: number[] = [];
    const push = (id: number, start: number, end: number) => {
      (out[id] ??= []).push([start, end]);
      busyUntil[id] = end;
    };
    for (const m of text.matchAll(TOKEN)) {
      const start = m.index;
      const lists = this.#listsOf(m[0]);
      for (const id of lists.phraseStart) {
        // Rare: a one-word entry fits here too, and the regex's alternative order picks the winner.
        const re = lists.single.includes(id) ? this.#whole[id] : this.#phrases[id];
        if (!re || this.#scanAlways.has(id) || (busyUntil[id] ?? 0) > start) continue;
        re.lastIndex = start;
        const hit = re.exec(text);
        if (hit) push(id, start, start + hit[0].length);
      }
      for (const id of lists.single) {
        if (this.#scanAlways.has(id) || lists.phraseStart.includes(id)) continue;
        if ((busyUntil[id] ?? 0) <= start) push(id, start, start + m[0].length);
      }
    }
    for (const id of this.#scanAlways) this.#scanWhole(id, text, out);
    return out;
  }

  /** A list with a phrase that cannot be looked up by word: its whole regex over the whole text. */
  #scanWhole(id: number, text: string, out: (number[][] | undefined)[]): void {
    const re = this.#phrases[id];
    if (!re) return;
    re.lastIndex = 0;
    for (const hit of text.matchAll(re)) (out[id] ??= []).push([hit.index, hit.index + hit[0].length]);
  }

  #listsOf(word: string): WordLists {
    const known = this.#memo.get(word);
    if (known) return known;
    const single = new Set(this.#exact.get(word));
    const phraseStart = new Set(this.#phraseExact.get(word));
    for (const n of this.#stemLengths) {
      if (n > word.length) break;
      const prefix = word.slice(0, n);
      for (const id of this.#stems.get(prefix) ?? []) single.add(id);
      for (const id of this.#phraseStems.get(prefix) ?? []) phraseStart.add(id);
    }
    const lists = { single: [...single], phraseStart: [...phraseStart] };
    // Words repeat across comments; the bound keeps a flood of unique junk from growing the memo.
    if (this.#memo.size >= MEMO_LIMIT) this.#memo.clear();
    this.#memo.set(word, lists);
    return lists;
  }
}
