import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Comment } from '../core/comment.ts';
import type { CommentSignals } from '../core/rules/rule.ts';
import { normalize } from '../core/text/normalize.ts';
import { textSimilarity, textSkeleton } from '../core/text/similarity.ts';
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

/**
 * Counts how often an author has posted (nearly) the same text recently — the `repeatsByAuthor`
 * signal the spam rule weighs. Keeps, per platform and author, the last `historySize` comment
 * skeletons in a Redis list that expires after `windowSeconds` without new comments. A
 * redelivered or edited comment is not counted as a repeat of itself.
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
    const skeleton = textSkeleton(normalize(comment.text).text);
    if (skeleton.length < MIN_SKELETON) return { repeatsByAuthor: 0 };
    const key = this.keyFor(comment);
    const self = `${comment.accountId}:${comment.commentId}`;
    try {
      const raw = await this.redis.lrange(key, 0, this.opts.historySize - 1);
      const entries = raw.flatMap((r): Entry[] => {
        try {
          const e = EntrySchema.safeParse(JSON.parse(r));
          return e.success ? [e.data] : [];
        } catch {
          return [];
        }
      });
      const repeats = entries.filter(
        (e) => e.c !== self && textSimilarity(e.s, skeleton) >= this.opts.similarity,
      ).length;
      const multi = this.redis.multi();
      if (!entries.some((e) => e.c === self))
        multi.lpush(key, JSON.stringify({ c: self, s: skeleton } satisfies Entry));
      await multi
        .ltrim(key, 0, this.opts.historySize - 1)
        .expire(key, this.opts.windowSeconds)
        .exec();
      return { repeatsByAuthor: repeats };
    } catch (err) {
      // Repeats are one signal among many: without Redis the other rules still decide.
      this.log?.warn({ err, key }, 'repeat signal unavailable; moderating without it');
      return {};
    }
  }
}
