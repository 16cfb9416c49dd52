import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Comment } from '../core/comment.ts';
import type { CommentSignals } from '../core/rules/rule.ts';
import { normalize } from '../core/text/normalize.ts';
import type { NormalizedText } from '../core/text/normalized-text.ts';
import {
  profileSimilarity,
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

const EntrySchema = z.object({ c: z.string(), s: z.string() });
type Entry = z.infer<typeof EntrySchema>;

/** Texts this short say little ("спасибо", "+"): repeating them is not spam. */
const MIN_SKELETON = 12;

/** A comment with the text the rules will see (normalised once for both). */
export interface SignalInput {
  readonly comment: Comment;
  readonly normalized: NormalizedText;
}

/**
 * Counts how often an author has posted (nearly) the same text recently — the `repeatsByAuthor`
 * signal the spam rule weighs. Keeps, per platform and author, the last `historySize` comment
 * skeletons in a Redis list that expires after `windowSeconds` without new comments. A
 * redelivered or edited comment is not counted as a repeat of itself. A batch is read in one
 * round trip and written in one transaction, and comments of the same author in one batch (a
 * burst of the same advert) count against each other too.
 */
export class RedisRepeatSignals implements SignalSource {
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
      const read = this.redis.pipeline();
      for (const key of keys) read.lrange(key, 0, this.opts.historySize - 1);
      const lists = (await read.exec()) ?? [];
      // A pipeline answers per command: a failed read must not pass for an empty history.
      const failed = lists.find(([err]) => err);
      if (failed?.[0]) throw failed[0];
      /** Per author key, the known entries, newest first; the batch's own are added as they come. */
      const history = new Map(keys.map((key, i) => [key, parseEntries(lists[i]?.[1])]));
      const added = new Map<string, Entry[]>();
      // Each text's trigrams are worked out once per batch, however many comments it is compared with.
      const profiles = new Map<string, TrigramProfile>();
      const profileOf = (s: string): TrigramProfile => {
        let p = profiles.get(s);
        if (!p) profiles.set(s, (p = trigramProfile(s)));
        return p;
      };
      const similar = (a: string, b: string): boolean =>
        a === b || profileSimilarity(profileOf(a), profileOf(b)) >= this.opts.similarity;
      const out = prepared.map(({ key, entry }): CommentSignals => {
        const known = history.get(key);
        if (!known || entry.s.length < MIN_SKELETON) return { repeatsByAuthor: 0 };
        const repeats = known.filter((e) => e.c !== entry.c && similar(e.s, entry.s)).length;
        if (!known.some((e) => e.c === entry.c)) {
          known.unshift(entry);
          added.set(key, [...(added.get(key) ?? []), entry]);
        }
        return { repeatsByAuthor: repeats };
      });
      const write = this.redis.multi();
      for (const key of keys) {
        const fresh = added.get(key) ?? [];
        if (fresh.length > 0) write.lpush(key, ...fresh.map((e) => JSON.stringify(e)));
        write.ltrim(key, 0, this.opts.historySize - 1).expire(key, this.opts.windowSeconds);
      }
      // Not awaited: the decision does not depend on it, and a later batch's read on this connection
      // is answered after it anyway (Redis runs one connection's commands in order).
      write
        .exec()
        .catch((err: unknown) => this.log?.warn({ err }, 'repeat signal: recent comments not stored'));
      return out;
    } catch (err) {
      // Repeats are one signal among many: without Redis the other rules still decide.
      this.log?.warn({ err, keys: keys.length }, 'repeat signal unavailable; moderating without it');
      return items.map(() => ({}));
    }
  }
}

function parseEntries(raw: unknown): Entry[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((r): Entry[] => {
    try {
      const e = EntrySchema.safeParse(JSON.parse(String(r)));
      return e.success ? [e.data] : [];
    } catch {
      return [];
    }
  });
}
