import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { claimComments, releaseClaims } from '../../workers/comment-claims.ts';
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
});
