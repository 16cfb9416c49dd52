import { wordHash, type Word } from '../../text/words.ts';

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
 * words' code units kept in one pool (`slots` holds row + 1, 0 = empty), because a Map keyed by
 * strings scattered over the heap costs several cache misses per look-up.
 */
let slots = new Int32Array(1 << 12);
let pool = new Uint16Array(1 << 14);
let poolLength = 0;
let wordStart = new Int32Array(1024);
let wordLength = new Int32Array(1024);
/** Row width: the number of classifier slots when the rows were written. */
let stride = 0;
let rows = 0;
/** `answers[row * stride + id]`: classifier `id`'s answer for the row's word. */
let answers = new Uint8Array(0);
/** The ids of the classifiers with a non-zero answer: `knownIds[knownFrom[row] .. knownFrom[row + 1])`. */
let knownFrom = new Int32Array(1);
let knownIds = new Int32Array(0);
let knownLength = 0;

function forget(): void {
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

function sameWord(row: number, text: string): boolean {
  if (wordLength[row] !== text.length) return false;
  const from = wordStart[row] ?? 0;
  for (let i = 0; i < text.length; i++) if (pool[from + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Keeps the table at most half full (it only grows; `forget` empties it). */
function growSlots(): void {
  if (rows * 2 < slots.length) return;
  const next = new Int32Array(slots.length * 2);
  const mask = next.length - 1;
  for (let row = 0; row < rows; row++) {
    let h = hashOfPooled(row) & mask;
    while (next[h] !== 0) h = (h + 1) & mask;
    next[h] = row + 1;
  }
  slots = next;
}

function hashOfPooled(row: number): number {
  const from = wordStart[row] ?? 0;
  return wordHash(String.fromCharCode.apply(null, pool.subarray(from, from + (wordLength[row] ?? 0)) as unknown as number[]));
}

function remember(row: number, text: string): void {
  if (row >= wordStart.length) {
    const s = new Int32Array(wordStart.length * 2);
    s.set(wordStart);
    wordStart = s;
    const l = new Int32Array(wordLength.length * 2);
    l.set(wordLength);
    wordLength = l;
  }
  if (poolLength + text.length > pool.length) {
    const next = new Uint16Array(Math.max(pool.length * 2, poolLength + text.length));
    next.set(pool);
    pool = next;
  }
  wordStart[row] = poolLength;
  wordLength[row] = text.length;
  for (let i = 0; i < text.length; i++) pool[poolLength++] = text.charCodeAt(i);
}

/** The row of a distinct word, classified by every classifier the first time it is seen. */
function rowOf(text: string, hash: number): number {
  const mask = slots.length - 1;
  let h = hash & mask;
  for (let slot = slots[h] ?? 0; slot !== 0; slot = slots[h] ?? 0) {
    if (sameWord(slot - 1, text)) return slot - 1;
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
  remember(row, text);
  slots[h] = row + 1;
  growSlots();
  return row;
}

// The last comment's words, indexed by classifier id: each one then visits only the words it knows.
let indexedWords: readonly Word[] | undefined;
let index: number[][] = [];
const NONE: readonly number[] = [];

/** Indexes a comment's words (once per word array): fills each word's `listRow`. */
function indexWords(words: readonly Word[]): void {
  if (stride !== registry.length || rows + words.length > MEMO_LIMIT) forget();
  indexedWords = words;
  index = [];
  for (let w = 0; w < words.length; w++) {
    const word = words[w];
    if (!word) continue;
    const row = rowOf(word.text, word.hash);
    word.listRow = row;
    const to = knownFrom[row + 1] ?? 0;
    for (let k = knownFrom[row] ?? 0; k < to; k++) (index[knownIds[k] ?? 0] ??= []).push(w);
  }
}

/** Positions in `words` of the words to which classifier `id` answered non-zero. */
export function wordsKnownTo(words: readonly Word[], id: number): readonly number[] {
  if (indexedWords !== words) indexWords(words);
  return index[id] ?? NONE;
}

/**
 * Classifier `id`'s answer for a word of the last indexed comment (0 for a word not indexed).
 * Valid only for the word array last passed to `wordsKnownTo`.
 */
export function answerOf(word: Word | undefined, id: number): number {
  if (!word || word.listRow < 0 || id >= stride) return 0;
  return answers[word.listRow * stride + id] ?? 0;
}
