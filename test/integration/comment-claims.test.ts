import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { claimComments, releaseClaims } from '../../workers/comment-claims.ts';
import { logCommands } from '../helpers/command-log.ts';
import { REDIS_URL, uniquePrefix } from '../helpers/harness.ts';

describe('comment claims on real Redis', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = uniquePrefix('claims');
  afterAll(async () => {
    await deletePrefix(REDIS_URL, prefix);
    redis.disconnect();
  });

  it('the first job owns a key, keeps owning it when run again, and can give it up when it fails', async () => {
    expect([...(await claimComments(redis, prefix, ['vk:a:1', 'vk:a:2'], 'job-1', 60))].sort()).toEqual([
      'vk:a:1',
      'vk:a:2',
    ]);
    // A redelivery queued in another job is dropped; the same job run again after a crash still owns both.
    expect([...(await claimComments(redis, prefix, ['vk:a:2', 'vk:a:3'], 'job-2', 60))]).toEqual(['vk:a:3']);
    expect((await claimComments(redis, prefix, ['vk:a:1', 'vk:a:2'], 'job-1', 60)).size).toBe(2);
    // job-1 fails for good: its claims go, job-2's stays.
    await releaseClaims(redis, prefix, ['vk:a:1', 'vk:a:2', 'vk:a:3'], 'job-1');
    expect([...(await claimComments(redis, prefix, ['vk:a:1', 'vk:a:3'], 'job-4', 60))]).toEqual(['vk:a:1']);
    expect(await redis.ttl(`${prefix}:claim:vk:a:1`)).toBeGreaterThan(0);
  });

  it('claims a batch with one command; a key twice in one batch (two deliveries at once) is owned', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `vk:b:${i % 40}`);
    const log = logCommands(redis);
    const owned = await claimComments(redis, prefix, keys, 'job-5', 60);
    log.stop();
    expect(log.names).toHaveLength(1);
    expect(owned.size).toBe(40);
    expect((await claimComments(redis, prefix, keys.slice(0, 3), 'job-6', 60)).size).toBe(0);
    expect(await claimComments(redis, prefix, [], 'job-6', 60)).toEqual(new Set());
  });
});
