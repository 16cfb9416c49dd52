import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutcomeTracker } from '../../bot/outcome-tracker.ts';
import { tgKey } from '../../bot/redis-keys.ts';
import { ReviewStore, type TrackedAction } from '../../bot/review-store.ts';
import type { TelegramOut } from '../../bot/telegram-out.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { REDIS_URL, uniquePrefix } from '../helpers/harness.ts';

/**
 * A moderator's action whose job was trimmed from its queue while the bot was down: after ten
 * minutes the card says the outcome is unknown instead of «выполняется» for ever.
 */
describe('outcome tracker: jobs gone from their queue (real Redis)', () => {
  const prefix = uniquePrefix('outcome-lost');
  const connections: Redis[] = [];
  const connect = () => {
    const c = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    connections.push(c);
    return c;
  };
  afterEach(async () => {
    vi.restoreAllMocks();
    await deletePrefix(REDIS_URL, prefix);
    for (const c of connections.splice(0)) c.disconnect();
  });

  it('settles a job missing for over ten minutes as unknown, once, and leaves a recent one tracked', async () => {
    const redis = connect();
    const store = new ReviewStore(redis, prefix);
    const refreshed: string[] = [];
    const out = { refreshCard: async (id: string) => void refreshed.push(id) } as unknown as TelegramOut;
    const tracker = new OutcomeTracker(
      ['{act-vk}'],
      connect,
      prefix,
      store,
      out,
      pino({ level: 'silent' }),
      redis,
    );
    await tracker.start();
    const action = (itemId: string, minutesAgo: number): TrackedAction => ({
      itemId,
      queue: '{act-vk}',
      jobId: `job-${itemId}`,
      purpose: 'decision',
      action: 'delete',
      at: Date.now() - minutesAgo * 60_000,
    });
    await store.track(action('old', 11));
    await store.track(action('recent', 1));
    const reads = vi.spyOn(Queue.prototype, 'getJob');

    await tracker.reconcile();

    // Each tracked job is looked up once: the one known to be gone is not read again for its steps.
    expect(reads.mock.calls.map(([id]) => id).sort()).toEqual(['job-old', 'job-recent']);
    const outcome = async (itemId: string) => redis.hget(tgKey(prefix, 'item', itemId), 'outcome');
    expect(JSON.parse((await outcome('old')) ?? '{}')).toMatchObject({
      status: 'failed',
      detail: 'результат неизвестен (задача уже удалена из очереди); проверьте на платформе',
    });
    expect(refreshed).toEqual(['old']);
    expect((await store.allTracked()).map((t) => t.itemId)).toEqual(['recent']);
    expect(await outcome('recent')).toBeNull();
    await tracker.close();
  });
});
