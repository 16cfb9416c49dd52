import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Comment } from '../core/comment.ts';
import type { CommentSignals } from '../core/rules/rule.ts';
import { normalize } from '../core/text/normalize.ts';
import type { NormalizedText } from '../core/text/normalized-text.ts';
import {
  profilesReach,
  sizesMayReach,
  textSkeleton,
  trigramProfile,
  type TrigramProfile,
} from '../core/text/similarity.ts';
import type { SignalSource } from './moderate-worker.ts';

export interface RepeatSignalOptions {
  /** Key prefix (the deployment's QUEUE_PREFIX). */
  readonly prefix: string;
  /** How long an author's recent comments are remembered (seconds; refreshed on each comment). */
  readonly windowSeconds: number;
  /** Recent comments kept per author: bounds memory and the work per comment. */
  readonly historySize: number;
  /** Trigram similarity from which two comments count as the same text. */
  readonly similarity: number;
}

// c: the comment (account:comment id); s: its skeleton; n: the skeleton's number of distinct
// trigrams, so later comparisons can skip texts of a very different size without building their
// profile (entries stored before it was added lack it).
const LegacyEntrySchema = z.object({
  c: z.string(),
  s: z.string(),
  n: z.number().int().nonnegative().optional(),
});
export type Entry = z.infer<typeof LegacyEntrySchema>;

/**
 * An entry as stored: `n<TAB>c<TAB>s`. A skeleton holds only letters, digits and spaces, so the last
 * tab ends the comment id whatever it contains. Not JSON: every comment reads its author's whole
 * history, and a JSON parse and schema check per entry had been a sixth of this signal's cost.
 */
export function encodeEntry(e: Entry & { n: number }): string {
  return `${e.n}\t${e.c}\t${e.s}`;
}

/** A stored entry, or undefined when it is not one (it is then ignored). Reads the older JSON form too. */
export function decodeEntry(raw: string): Entry | undefined {
  if (raw.startsWith('{')) {
    try {
      const e = LegacyEntrySchema.safeParse(JSON.parse(raw));
      return e.success ? e.data : undefined;
    } catch {
      return undefined;
    }
  }
  const first = raw.indexOf('\t');
  const last = raw.lastIndexOf('\t');
  if (first <= 0 || last === first) return undefined;
  const n = Number(raw.slice(0, first));
  if (!Number.isSafeInteger(n) || n < 0) return undefined;
  return { n, c: raw.slice(first + 1, last), s: raw.slice(last + 1) };
}

// One command per batch, however many authors it has: per author, LRANGE, LPUSH, LTRIM and EXPIRE
// had been a third of the daemon's Redis commands, each with its own encoding and reply.
// KEYS: the authors' lists; ARGV[1]: entries to read from each. Answers one list per key.
const READ_LISTS = `
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('LRANGE', key, 0, tonumber(ARGV[1]) - 1) end
return out
`;

// KEYS: the authors' lists; ARGV[1]: entries kept per list; ARGV[2]: seconds a list lives without
// new entries; then per key, in order, a count n and n new entries, oldest first (each pushed to the
// head, as LPUSH with several values does). Atomic, as the MULTI it replaces.
const WRITE_LISTS = `
local keep = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local a = 3
for _, key in ipairs(KEYS) do
  local n = tonumber(ARGV[a])
  a = a + 1
  for _ = 1, n do
    redis.call('LPUSH', key, ARGV[a])
    a = a + 1
  end
  redis.call('LTRIM', key, 0, keep - 1)
  redis.call('EXPIRE', key, ttl)
end
return 0
`;

/** Texts this short say little ("спасибо", "+"): repeating them is not spam. */
const MIN_SKELETON = 12;

/**
 * Trigram profiles kept between batches: an author's recent texts are compared again with each new
 * comment of theirs, and building the profiles was most of this signal's cost. ~1.5 kB each.
 */
const PROFILE_CACHE = 4096;

/** A comment with the text the rules will see (normalised once for both). */
export interface SignalInput {
  readonly comment: Comment;
  readonly normalized: NormalizedText;
}

/**
 * Counts how often an author has posted (nearly) the same text recently — the `repeatsByAuthor`
 * signal the spam rule weighs. Keeps, per platform and author, the last `historySize` comment
 * skeletons in a Redis list that expires after `windowSeconds` without new comments. A
 * redelivered or edited comment is not counted as a repeat of itself. A batch is read with one
 * command and written with one atomic script, and comments of the same author in one batch (a
 * burst of the same advert) count against each other too.
 */
export class RedisRepeatSignals implements SignalSource {
  /** Skeleton → profile, oldest first (a Map keeps insertion order). */
  readonly #profiles = new Map<string, TrigramProfile>();

  constructor(
    private readonly redis: Redis,
    private readonly opts: RepeatSignalOptions,
    private readonly log?: Logger,
  ) {}

  keyFor(comment: Pick<Comment, 'platform' | 'author'>): string {
    return `${this.opts.prefix}:repeats:${comment.platform}:${comment.author.id}`;
  }

  async collect(comment: Comment): Promise<CommentSignals> {
    const [signals] = await this.collectMany([{ comment, normalized: normalize(comment.text) }]);
    return signals ?? {};
  }

  async collectMany(items: readonly SignalInput[]): Promise<CommentSignals[]> {
    const prepared = items.map(({ comment, normalized }) => ({
      key: this.keyFor(comment),
      entry: { c: `${comment.accountId}:${comment.commentId}`, s: textSkeleton(normalized.text) },
    }));
    const keys = [...new Set(prepared.filter((p) => p.entry.s.length >= MIN_SKELETON).map((p) => p.key))];
    if (keys.length === 0) return items.map(() => ({ repeatsByAuthor: 0 }));
    try {
      const lists = await this.redis.eval(READ_LISTS, keys.length, ...keys, this.opts.historySize);
      if (!Array.isArray(lists) || lists.length !== keys.length)
        throw new Error(`repeat history read answered ${Array.isArray(lists) ? lists.length : typeof lists}`);
      /** Per author key, the known entries, newest first; the batch's own are added as they come. */
      const history = new Map(keys.map((key, i): [string, Entry[]] => [key, parseEntries(lists[i])]));
      const added = new Map<string, (Entry & { n: number })[]>();
      const out = prepared.map(({ key, entry }): CommentSignals => {
        const known = history.get(key);
        if (!known || entry.s.length < MIN_SKELETON) return { repeatsByAuthor: 0 };
        const own = this.#profileOf(entry.s);
        const mine = { ...entry, n: own.length };
        const repeats = known.filter((e) => e.c !== entry.c && this.#similar(e, mine, own)).length;
        if (!known.some((e) => e.c === entry.c)) {
          known.unshift(mine);
          added.set(key, [...(added.get(key) ?? []), mine]);
        }
        return { repeatsByAuthor: repeats };
      });
      const args: (string | number)[] = [this.opts.historySize, this.opts.windowSeconds];
      for (const key of keys) {
        const fresh = added.get(key) ?? [];
        args.push(fresh.length, ...fresh.map(encodeEntry));
      }
      // Not awaited: the decision does not depend on it, and a later batch's read on this connection
      // is answered after it anyway (Redis runs one connection's commands in order).
      this.redis
        .eval(WRITE_LISTS, keys.length, ...keys, ...args)
        .catch((err: unknown) => this.log?.warn({ err }, 'repeat signal: recent comments not stored'));
      return out;
    } catch (err) {
      // Repeats are one signal among many: without Redis the other rules still decide.
      this.log?.warn({ err, keys: keys.length }, 'repeat signal unavailable; moderating without it');
      return items.map(() => ({}));
    }
  }

  /** Whether a known entry is the same text as the new one (its profile `own`), within the threshold. */
  #similar(known: Entry, mine: Entry, own: TrigramProfile): boolean {
    if (known.s === mine.s) return true;
    const t = this.opts.similarity;
    // Sizes first: a known size settles most pairs; without it, a skeleton's length bounds its size
    // from above (n code units make at most n trigrams), which rules out texts much shorter.
    if (known.n !== undefined ? !sizesMayReach(known.n, own.length, t) : known.s.length / own.length < t)
      return false;
    return profilesReach(this.#profileOf(known.s), own, t);
  }

  #profileOf(skeleton: string): TrigramProfile {
    let p = this.#profiles.get(skeleton);
    if (p) return p;
    p = trigramProfile(skeleton);
    if (this.#profiles.size >= PROFILE_CACHE) {
      const oldest = this.#profiles.keys().next();
      if (!oldest.done) this.#profiles.delete(oldest.value);
    }
    this.#profiles.set(skeleton, p);
    return p;
  }
}

function parseEntries(raw: unknown): Entry[] {
  if (!Array.isArray(raw)) return [];
  const out: Entry[] = [];
  for (const r of raw) {
    const e = typeof r === 'string' ? decodeEntry(r) : undefined;
    if (e) out.push(e);
  }
  return out;
}
