import type { Redis } from 'ioredis';
import { tgKey } from './redis-keys.ts';

// Sliding window per chat, shared by every process that sends to the chat: at most `max` sends per
// `window` ms, at least `gap` ms apart, and nothing before a 429's retry_after has passed.
// Returns 0 and records the send when allowed, otherwise the ms to wait.
const ACQUIRE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local gap = tonumber(ARGV[4])
local blocked = tonumber(redis.call('GET', KEYS[2]) or '0')
if blocked > now then return blocked - now end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local wait = 0
if redis.call('ZCARD', KEYS[1]) >= max then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  wait = tonumber(oldest[2]) + window - now
end
local last = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if last[2] and now - tonumber(last[2]) < gap then
  wait = math.max(wait, tonumber(last[2]) + gap - now)
end
if wait > 0 then return wait end
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('PEXPIRE', KEYS[1], window * 2)
return 0
`;

export interface PacerLimits {
  /** Messages allowed per window in a group (Telegram: about 20 a minute). */
  readonly groupMax: number;
  readonly windowMs: number;
}

/**
 * Keeps sends within Telegram's flood limits: `groupMax` per window in groups, spread evenly
 * (window/groupMax apart), and window/60 apart in private chats (1 s with the real window).
 * State is in Redis, so a restarted process or a second sender respects the same budget.
 */
export class ChatPacer {
  #seq = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: PacerLimits,
  ) {}

  /** Minimum gap between two messages to this chat (ms). */
  gapMs(chatId: number): number {
    const { windowMs, groupMax } = this.limits;
    return chatId < 0 ? Math.ceil(windowMs / groupMax) : Math.ceil(windowMs / 60);
  }

  /** Takes a send slot for the chat: 0 when granted, otherwise how long to wait (ms). */
  async acquire(chatId: number): Promise<number> {
    const max = chatId < 0 ? this.limits.groupMax : 60;
    const member = `${Date.now()}-${process.pid}-${this.#seq++}`;
    const wait = await this.redis.eval(
      ACQUIRE,
      2,
      tgKey(this.prefix, 'pace', chatId),
      tgKey(this.prefix, 'pace', chatId, 'blocked'),
      Date.now(),
      this.limits.windowMs,
      max,
      this.gapMs(chatId),
      member,
    );
    return Number(wait);
  }

  /** Telegram answered 429: nobody sends to this chat before `retryAfterMs` has passed. */
  async block(chatId: number, retryAfterMs: number): Promise<void> {
    const until = Date.now() + retryAfterMs;
    await this.redis.set(
      tgKey(this.prefix, 'pace', chatId, 'blocked'),
      String(until),
      'PX',
      retryAfterMs + 1000,
    );
  }

  /** How long the chat is still blocked by a 429 (ms; 0 when it is not). */
  async blockedMs(chatId: number): Promise<number> {
    const until = Number(await this.redis.get(tgKey(this.prefix, 'pace', chatId, 'blocked')));
    return Number.isFinite(until) ? Math.max(0, until - Date.now()) : 0;
  }

  /** Waits for a slot, up to `maxWaitMs`; false when none came in time. */
  async waitForSlot(chatId: number, maxWaitMs: number, signal?: AbortSignal): Promise<boolean> {
    const end = Date.now() + maxWaitMs;
    for (;;) {
      const wait = await this.acquire(chatId);
      if (wait === 0) return true;
      if (signal?.aborted || Date.now() + wait > end) return false;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
