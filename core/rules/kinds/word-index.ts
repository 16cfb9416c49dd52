import type { Word } from '../../text/words.ts';

/** Anything that answers a small number (0 = "not mine") for one normalised word. */
export interface WordClassifier {
  classify(word: string): number;
}

/**
 * Every live per-word classifier in this process (word lists, мат roots), so that a word is
 * looked up once for all of them: the answers of every classifier for a distinct word are
 * remembered in one flat table row, and a comment's words are then indexed by classifier, so each
 * rule visits only the words it knows. Classifiers of a replaced rule set are held weakly; once
 * collected, their slot is reused, so reloads do not make every word slower.
 *
 * Why a flat table: profiling showed the look-up bound by memory latency (a Map value object and
 * its own byte array per word, scattered over the heap); a small integer row number in the Map and
 * contiguous typed arrays touch far fewer cache lines.
 */
const registry: (WeakRef<WordClassifier> | undefined)[] = [];
const freeSlots: number[] = [];
const released = new FinalizationRegistry<number>((id) => {
  registry[id] = undefined;
  freeSlots.push(id);
});

const MEMO_LIMIT = 200_000;
/**
 * Distinct word → its row in `answers` / `knownFrom`: an open-addressing hash table over the
 * words' code units kept in one pool, because a Map keyed by strings scattered over the heap costs
 * several cache misses per look-up. A slot is four integers side by side — row + 1 (0 = empty),
 * hash, start in `pool`, length — so a probe reads one cache line before comparing code units.
 */
const SLOT = 4;
let capacity = 1 << 12;
let slots = new Int32Array(capacity * SLOT);
let pool = new Uint16Array(1 << 14);
let poolLength = 0;
/** Row width: the number of classifier slots when the rows were written. */
let stride = 0;
let rows = 0;
/** `answers[row * stride + id]`: classifier `id`'s answer for the row's word. */
let answers = new Uint8Array(0);
/** The ids of the classifiers with a non-zero answer: `knownIds[knownFrom[row] .. knownFrom[row + 1])`. */
let knownFrom = new Int32Array(1);
let knownIds = new Int32Array(0);
let knownLength = 0;

/** Changes whenever the rows are forgotten, so caches keyed by row know to drop their entries. */
let generation = 0;

/** The current row generation (see `rowCacheFor`). */
export function rowGeneration(): number {
  return generation;
}

function forget(): void {
  generation++;
  slots.fill(0);
  poolLength = 0;
  stride = registry.length;
  rows = 0;
  knownLength = 0;
  indexedWords = undefined;
}

/**
 * Adds a classifier; returns its id (the column it answers in). Every remembered answer is
 * forgotten, since it lacks the new column.
 */
export function registerWordClassifier(classifier: WordClassifier): number {
  const id = freeSlots.pop() ?? registry.length;
  registry[id] = new WeakRef(classifier);
  released.register(classifier, id);
  forget();
  return id;
}

function grow(): void {
  if ((rows + 1) * stride > answers.length) {
    const next = new Uint8Array(Math.max(1024, answers.length * 2, (rows + 1) * stride));
    next.set(answers);
    answers = next;
  }
  if (rows + 2 > knownFrom.length) {
    const next = new Int32Array(Math.max(1024, knownFrom.length * 2));
    next.set(knownFrom);
    knownFrom = next;
  }
  if (knownLength + stride > knownIds.length) {
    const next = new Int32Array(Math.max(1024, knownIds.length * 2, knownLength + stride));
    next.set(knownIds);
    knownIds = next;
  }
}

/** Keeps the table at most half full (it only grows; `forget` empties it). */
function growSlots(): void {
  if (rows * 2 < capacity) return;
  const old = slots;
  capacity *= 2;
  slots = new Int32Array(capacity * SLOT);
  const mask = capacity - 1;
  for (let o = 0; o < old.length; o += SLOT) {
    if (old[o] === 0) continue;
    let h = (old[o + 1] ?? 0) & mask;
    while (slots[h * SLOT] !== 0) h = (h + 1) & mask;
    slots.set(old.subarray(o, o + SLOT), h * SLOT);
  }
}

function pooled(text: string): number {
  if (poolLength + text.length > pool.length) {
    const next = new Uint16Array(Math.max(pool.length * 2, poolLength + text.length));
    next.set(pool);
    pool = next;
  }
  const start = poolLength;
  for (let i = 0; i < text.length; i++) pool[poolLength++] = text.charCodeAt(i);
  return start;
}

/** The row of a distinct word, classified by every classifier the first time it is seen. */
function rowOf(text: string, hash: number): number {
  const mask = capacity - 1;
  const n = text.length;
  let h = hash & mask;
  for (let o = h * SLOT; slots[o] !== 0; o = h * SLOT) {
    if (slots[o + 1] === (hash | 0) && slots[o + 3] === n) {
      const from = slots[o + 2] ?? 0;
      let i = 0;
      while (i < n && pool[from + i] === text.charCodeAt(i)) i++;
      if (i === n) return (slots[o] ?? 0) - 1;
    }
    h = (h + 1) & mask;
  }
  grow();
  const row = rows++;
  const base = row * stride;
  knownFrom[row] = knownLength;
  for (let i = 0; i < stride; i++) {
    const b = registry[i]?.deref()?.classify(text) ?? 0;
    answers[base + i] = b;
    if (b !== 0) knownIds[knownLength++] = i;
  }
  knownFrom[row + 1] = knownLength;
  const o = h * SLOT;
  slots[o] = row + 1;
  slots[o + 1] = hash | 0;
  slots[o + 2] = pooled(text);
  slots[o + 3] = n;
  growSlots();
  return row;
}

// The last comment's words, indexed by classifier id: each one then visits only the words it knows.
// The lists of the classifiers that know a word of the comment are told apart from older ones by a
// stamp, so no array of all classifiers is allocated per comment.
let indexedWords: readonly Word[] | undefined;
const lists: number[][] = [];
const listStamps: number[] = [];
let stamp = 0;
const NONE: readonly number[] = [];

/** Indexes a comment's words (once per word array): fills each word's `listRow`. */
function indexWords(words: readonly Word[]): void {
  if (stride !== registry.length || rows + words.length > MEMO_LIMIT) forget();
  indexedWords = words;
  stamp++;
  for (let w = 0; w < words.length; w++) {
    const word = words[w];
    if (!word) continue;
    const row = rowOf(word.text, word.hash);
    word.listRow = row;
    const to = knownFrom[row + 1] ?? 0;
    for (let k = knownFrom[row] ?? 0; k < to; k++) {
      const id = knownIds[k] ?? 0;
      // A new list on the first word of a comment (emptying the old one with `length = 0` is a
      // runtime call, slower than the allocation).
      let list = lists[id];
      if (list === undefined || listStamps[id] !== stamp) {
        list = [];
        lists[id] = list;
        listStamps[id] = stamp;
      }
      list.push(w);
    }
  }
}

/**
 * Positions in `words` of the words to which classifier `id` answered non-zero. The list is valid
 * until another comment's words are indexed (the rules of one comment run one after another).
 */
export function wordsKnownTo(words: readonly Word[], id: number): readonly number[] {
  if (indexedWords !== words) indexWords(words);
  return listStamps[id] === stamp ? (lists[id] ?? NONE) : NONE;
}

/**
 * Classifier `id`'s answer for a word of the last indexed comment (0 for a word not indexed).
 * Valid only for the word array last passed to `wordsKnownTo`.
 */
export function answerOf(word: Word | undefined, id: number): number {
  if (!word || word.listRow < 0 || id >= stride) return 0;
  return answers[word.listRow * stride + id] ?? 0;
}
