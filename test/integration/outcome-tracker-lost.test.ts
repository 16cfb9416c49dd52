import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutcomeTracker } from '../../bot/outcome-tracker.ts';
import { Decisions } from '../../bot/decisions.ts';
import { tgKey } from '../../bot/redis-keys.ts';
import { ReviewStore, type TrackedAction } from '../../bot/review-store.ts';
import type { TelegramOut } from '../../bot/telegram-out.ts';
import { parseAccounts } from '../../config/accounts.ts';
import { loadConfig } from '../../config/env.ts';
import { jobIdFor } from '../../queues/job-options.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { PipelineQueues } from '../../workers/pipeline-queues.ts';
import { reviewJob } from '../helpers/review-fixtures.ts';
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

  // Regression: a lost job was recorded as failed, so an /undo of its decision said nothing had been
  // done and restored nothing — though such a job most likely went through (trimmed once completed).
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

    // Each tracked job is looked up once.
    expect(reads.mock.calls.map(([id]) => id).sort()).toEqual(['job-old', 'job-recent']);
    const outcome = async (itemId: string) => redis.hget(tgKey(prefix, 'item', itemId), 'outcome');
    expect(JSON.parse((await outcome('old')) ?? '{}')).toMatchObject({
      status: 'unknown',
      detail: 'задача уже удалена из очереди, проверьте на платформе',
    });
    expect(refreshed).toEqual(['old']);
    expect((await store.allTracked()).map((t) => t.itemId)).toEqual(['recent']);
    expect(await outcome('recent')).toBeNull();
    await tracker.close();
  });

  it('/undo of a decision whose job was lost restores the comment: the action most likely went through', async () => {
    const redis = connect();
    const store = new ReviewStore(redis, prefix);
    const out = { refreshCard: async () => undefined } as unknown as TelegramOut;
    const log = pino({ level: 'silent' });
    const tracker = new OutcomeTracker(['{act-vk}'], connect, prefix, store, out, log, redis);
    await tracker.start();
    const job = reviewJob({ accountId: 'test-vk', id: 77, text: 'ты дурак', word: 'дурак' });
    const itemId = await store.itemFor('rj-77', job, Date.now() - 3_600_000);
    const decidedAt = Date.now() - 12 * 60_000;
    const by = { id: '1001', name: 'Анна' };
    await store.decide(
      itemId,
      { decision: 'delete', by, at: decidedAt },
      { status: 'pending', detail: '', at: decidedAt },
    );
    // Queued 12 minutes ago and carried out while the bot was down; the completed job was trimmed since.
    const deleteJob = jobIdFor(job.key, 'delete');
    await store.track({
      itemId,
      queue: '{act-vk}',
      jobId: deleteJob,
      purpose: 'decision',
      action: 'delete',
      at: decidedAt,
    });
    await tracker.reconcile();
    expect((await store.load(itemId))?.outcome?.status).toBe('unknown');

    const queues = new PipelineQueues(redis, loadConfig({ REDIS_URL, QUEUE_PREFIX: prefix }));
    const accounts = parseAccounts(
      'accounts.yaml',
      'accounts:\n  - {id: test-vk, title: T, platform: vk, platform_ids: {group_id: 1}, tokens: {community: A, user: B}}\n',
    );
    const decisions = new Decisions({
      store,
      out,
      accounts,
      log,
      queues,
      observer: {},
      moderators: new Set([by.id]),
      undoWindowMs: 60 * 60_000,
      timeZone: 'Asia/Yakutsk',
      onFreed: () => undefined,
    });
    const reply = await decisions.undo(1001, by.name, itemId);
    expect(reply).not.toContain('отменять нечего');
    expect(await queues.act.get('vk')?.getJob(jobIdFor(job.key, 'restore'))).toMatchObject({
      name: 'restore',
    });
    await queues.close();
    await tracker.close();
  });
});
