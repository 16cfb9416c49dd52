import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ModerationObserver } from '../workers/moderation-observer.ts';
import { tgKey } from './redis-keys.ts';

const MAX_NOTICES = 1000;

export const NoticeSchema = z.object({
  queue: z.string(),
  jobId: z.string().optional(),
  key: z.string().optional(),
  action: z.string().optional(),
  error: z.string(),
  at: z.number(),
});
export type Notice = z.infer<typeof NoticeSchema>;

/**
 * Dead-letter notices travel through a Redis list: the act worker that fails may run in another
 * process than the bot, and a notice must survive a bot restart until it is posted.
 */
export class DeadLetterNotices {
  readonly #key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.#key = tgKey(prefix, 'notices');
  }

  observer(log: Logger): ModerationObserver {
    return {
      onDeadLetter: async (queue, jobId, data, err) => {
        const d = (data ?? {}) as { key?: unknown; action?: unknown };
        const notice: Notice = {
          queue,
          ...(jobId ? { jobId } : {}),
          ...(typeof d.key === 'string' ? { key: d.key } : {}),
          ...(typeof d.action === 'string' ? { action: d.action } : {}),
          error: err.message,
          at: Date.now(),
        };
        try {
          await this.redis
            .multi()
            .lpush(this.#key, JSON.stringify(notice))
            .ltrim(this.#key, 0, MAX_NOTICES - 1)
            .exec();
        } catch (e) {
          log.error({ err: e, notice }, 'dead-letter notice could not be stored for Telegram');
        }
      },
    };
  }

  /** The oldest notice not yet posted. */
  async peek(): Promise<Notice | undefined> {
    const raw = await this.redis.lindex(this.#key, -1);
    if (!raw) return undefined;
    const r = NoticeSchema.safeParse(JSON.parse(raw));
    if (!r.success) {
      await this.redis.rpop(this.#key);
      return this.peek();
    }
    return r.data;
  }

  /** Drops the oldest notice once it has been posted. */
  async ack(): Promise<void> {
    await this.redis.rpop(this.#key);
  }
}
