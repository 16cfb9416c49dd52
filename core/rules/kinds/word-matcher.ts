import { russianStem } from '../../text/russian-stem.ts';
import { toOriginalSpan, type NormalizedText } from '../../text/normalized-text.ts';
import type { Word } from '../../text/words.ts';
import type { Span } from '../rule-result.ts';
import { escapeRegExp, normalizeWord } from '../word-pattern.ts';
import { answerOf, registerWordClassifier, rowGeneration, wordsKnownTo, type WordClassifier } from './word-index.ts';

// A vowel that drops out when the word is inflected: придурок → придурка, козёл → козла, хохол → хохлы.
const FLEETING_VOWEL = /^(.*[^аеиоуыэюя])[ое]([кцлнр])$/;
// Only inflection is stripped: a stemmer that also cuts a suffix (дебил → деб) would match дебаты.
const INFLECTION = /^[аеиоуыэюяйь]+$/;
/**
 * What may follow a stem: an optional derivational suffix, then an optional ending. The endings
 * include the adjective's own dictionary form (-ый: the stemmer cuts сраный to сран) and the soft
 * endings of possessive adjectives (сучий → сучья, сучье, сучьи).
 */
export const RUSSIAN_ENDING = new RegExp(
  '^(?:ьн|н|ск|ин|ищ|к|оват|еньк|ат)?(?:ого|его|ому|ему|ыми|ими|ами|ями|ьего|ьему|ьими|ьей|ьим|ьих|ья|ье|ьи|ой|ою|ая|ое|ые|ый|ым|им|ых|их|ую|юю|ей|ею|ий|ие|ее|ом|ем|ам|ях|ах|ов|ев|ью|ям|а|у|е|ы|и|о|ь|я|ю)?$',
  'u',
);

/** The first two code units of a word as one number (no string is allocated). */
function headOf(w: string): number {
  return w.charCodeAt(0) * 65536 + (w.length > 1 ? w.charCodeAt(1) : 0);
}

/** How one lexicon entry matches a single word. */
export type WordEntry =
  | { readonly type: 'exact'; readonly word: string }
  | { readonly type: 'prefix'; readonly prefix: string }
  | { readonly type: 'infix'; readonly part: string }
  | { readonly type: 'stem'; readonly stem: string }
  | { readonly type: 'phrase'; readonly phrase: string };

/**
 * Reads one lexicon entry: `=word` exactly that word; `word*` that prefix with any ending;
 * `*word*` that root anywhere inside a word; several words = a phrase; otherwise a dictionary form
 * whose inflections match too — its stem (natural's Russian stemmer, inflection only, so дебил is
 * not cut to деб) followed by a Russian ending, plus the stem without a fleeting vowel
 * (придурок → придурка).
 *
 * @example parseEntry('придурок') // stems придурок and придурк
 */
export function parseEntry(entry: string): WordEntry[] {
  const w = normalizeWord(entry);
  const bare = w.replace(/^=/, '');
  if (/\s/.test(bare)) return [{ type: 'phrase', phrase: bare.replace(/\s+/g, ' ') }];
  if (w.startsWith('=')) return [{ type: 'exact', word: bare }];
  if (w.startsWith('*') && w.endsWith('*') && w.length > 2) return [{ type: 'infix', part: w.slice(1, -1) }];
  if (w.endsWith('*')) return [{ type: 'prefix', prefix: w.slice(0, -1) }];
  const stemmed = russianStem(w);
  const stem = w.startsWith(stemmed) && INFLECTION.test(w.slice(stemmed.length)) ? stemmed : w;
  const out: WordEntry[] = [{ type: 'stem', stem }];
  const fleeting = FLEETING_VOWEL.exec(stem);
  if (fleeting) out.push({ type: 'stem', stem: (fleeting[1] ?? '') + (fleeting[2] ?? '') });
  return out;
}

const NO_MATCHES: readonly (readonly [number, number])[] = Object.freeze([]);
const NO_PHRASES: readonly string[][] = Object.freeze([]);

/**
 * A compiled word list: decides whether one word is on it with a few hash look-ups (no regex over
 * the whole text), which is what keeps hundreds of words cheap per comment. Phrases are matched
 * word by word, indexed by their first word.
 */
export class WordMatcher implements WordClassifier {
  readonly #id: number;
  /** Exact words and the phrases that start with a word, in one map: one look-up per word. */
  readonly #byWord = new Map<string, { exact: boolean; phrases: string[][] }>();
  /** Prefixes and stems grouped by their first two letters: a word only meets its own group. */
  readonly #byHead = new Map<number, { readonly text: string; readonly stem: boolean }[]>();
  readonly #infixes: string[] = [];
  #infixRe: RegExp | null = null;
  #hasPhrases = false;
  #phrasesByRow: (readonly string[][] | undefined)[] = [];
  #phraseGeneration = -1;

  constructor(entries: readonly string[]) {
    this.#id = registerWordClassifier(this);
    const phrases: string[] = [];
    const entryFor = (w: string) => {
      let e = this.#byWord.get(w);
      if (!e) {
        e = { exact: false, phrases: [] };
        this.#byWord.set(w, e);
      }
      return e;
    };
    const addHeaded = (text: string, stem: boolean) => {
      const head = headOf(text);
      const list = this.#byHead.get(head) ?? [];
      list.push({ text, stem });
      this.#byHead.set(head, list);
    };
    for (const e of entries.flatMap(parseEntry)) {
      if (e.type === 'exact') entryFor(e.word).exact = true;
      else if (e.type === 'prefix') addHeaded(e.prefix, false);
      else if (e.type === 'stem') addHeaded(e.stem, true);
      else if (e.type === 'infix') this.#infixes.push(e.part);
      else phrases.push(e.phrase);
    }
    if (this.#infixes.length > 0) this.#infixRe = new RegExp(this.#infixes.map(escapeRegExp).join('|'), 'u');
    for (const p of phrases) {
      const words = p.split(' ');
      entryFor(words[0] ?? '').phrases.push(words);
      this.#hasPhrases = true;
    }
  }

  /** Whether the list has any phrases (several words in a row). */
  get hasPhrases(): boolean {
    return this.#hasPhrases;
  }

  /**
   * The number of words of the longest listed phrase that starts at `words[i]`, or 0. Words are
   * compared exactly (phrases are written in the form they appear).
   */
  phraseAt(words: readonly Word[], i: number): number {
    const word = words[i];
    if (!word) return 0;
    // Phrases start with common words (на, в, как…): remember the candidates per word row rather
    // than hashing the word's text again for every list.
    let candidates: readonly string[][] | undefined;
    if (word.listRow >= 0) {
      if (this.#phraseGeneration !== rowGeneration()) {
        this.#phraseGeneration = rowGeneration();
        this.#phrasesByRow = [];
      }
      candidates = this.#phrasesByRow[word.listRow];
      if (candidates === undefined) {
        candidates = this.#byWord.get(word.text)?.phrases ?? NO_PHRASES;
        this.#phrasesByRow[word.listRow] = candidates;
      }
    } else candidates = this.#byWord.get(word.text)?.phrases ?? NO_PHRASES;
    let best = 0;
    for (const p of candidates) {
      if (p.length <= best || i + p.length > words.length) continue;
      let k = 1;
      while (k < p.length && words[i + k]?.text === p[k]) k++;
      if (k === p.length && word.text === p[0]) best = p.length;
    }
    return best;
  }

  /**
   * Every match in a list of words: single listed words and listed phrases, as index ranges
   * `[from, to)` into `words`, minus those the `exceptions` list covers.
   */
  /**
   * The listed words found in a text, as spans of the original text and the matched (normalised)
   * words; `undefined` when none is found, so the common no-match case allocates nothing.
   */
  hitsIn(
    text: NormalizedText,
    words: readonly Word[],
    exceptions?: WordMatcher,
  ): { spans: Span[]; matched: Set<string> } | undefined {
    const found = this.matchWords(words, exceptions);
    let hits: { spans: Span[]; matched: Set<string> } | undefined;
    for (let k = 0; k < found.length; k++) {
      const [from, to] = found[k] ?? [0, 0];
      const a = words[from];
      const b = words[to - 1];
      if (!a || !b) continue;
      hits ??= { spans: [], matched: new Set() };
      hits.spans.push(toOriginalSpan(text, a.start, b.end));
      hits.matched.add(text.text.slice(a.start, b.end));
    }
    return hits;
  }

  matchWords(words: readonly Word[], exceptions?: WordMatcher): readonly (readonly [number, number])[] {
    const known = wordsKnownTo(words, this.#id);
    // Most lists know none of a comment's words: answer without allocating.
    if (known.length === 0) return NO_MATCHES;
    const out: [number, number][] = [];
    for (const i of known) {
      const word = words[i];
      const mine = answerOf(word, this.#id);
      const n = mine & 2 ? this.phraseAt(words, i) : 0;
      const ex = exceptions ? answerOf(word, exceptions.#id) : 0;
      if (n > 0) {
        if (!exceptions || !(ex & 2) || exceptions.phraseAt(words, i) < n) out.push([i, i + n]);
      } else if (mine & 1 && !(ex & 1)) out.push([i, i + 1]);
    }
    return out;
  }

  /** Bit 1: the word is on the list; bit 2: a listed phrase starts with it. */
  classify(word: string): number {
    return (this.has(word) ? 1 : 0) | (this.#byWord.get(word)?.phrases.length ? 2 : 0);
  }

  /** Whether a single (normalised) word is on the list. */
  has(word: string): boolean {
    if (this.#infixRe?.test(word)) return true;
    if (this.#byWord.get(word)?.exact) return true;
    const group = this.#byHead.get(headOf(word));
    if (!group) return false;
    for (const e of group) {
      if (!word.startsWith(e.text)) continue;
      if (!e.stem || RUSSIAN_ENDING.test(word.slice(e.text.length))) return true;
    }
    return false;
  }
}
