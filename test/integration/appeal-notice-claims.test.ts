import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { AppealCardStore } from '../../bot/appeals/appeal-card-store.ts';
import { tgKey } from '../../bot/redis-keys.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { REDIS_URL, uniquePrefix } from '../helpers/harness.ts';

/** Reminder and escalation notices: posted once per event, and not lost to a process that died sending. */
describe('appeal notice claims (real Redis)', () => {
  const prefix = uniquePrefix('notice-claims');
  const redis = new Redis(REDIS_URL);
  const cards = new AppealCardStore(redis, prefix);
  afterAll(async () => {
    await deletePrefix(REDIS_URL, prefix);
    redis.disconnect();
  });

  // Regression: the claim was marked done before the notice waited (up to a minute) for a send slot;
  // a process that died meanwhile left it done, and the event delivered again posted nothing — the
  // reminder or escalation was lost for good.
  it('a claim is pending while the notice is sent, lapses if nobody finishes it, and is done once sent', async () => {
    expect(await cards.claimNotice('vk:a:1', 1, 'reminder_due', 200)).toBe('claimed');
    expect(await cards.claimNotice('vk:a:1', 1, 'reminder_due', 200)).toBe('pending');
    await new Promise((r) => setTimeout(r, 300)); // the process holding it died
    expect(await cards.claimNotice('vk:a:1', 1, 'reminder_due', 200)).toBe('claimed');
    await cards.noticeSent('vk:a:1', 1, 'reminder_due');
    expect(await cards.claimNotice('vk:a:1', 1, 'reminder_due', 200)).toBe('done');
    await new Promise((r) => setTimeout(r, 300));
    expect(await cards.claimNotice('vk:a:1', 1, 'reminder_due', 200)).toBe('done');
    // Another event of the appeal is claimed on its own.
    expect(await cards.claimNotice('vk:a:1', 2, 'escalated', 200)).toBe('claimed');
  });

  it('a claim written by an earlier build (marked done at once) still counts as done', async () => {
    await redis.set(tgKey(prefix, 'ap', 'done', 'vk:a:2', 1, 'escalated'), '1');
    expect(await cards.claimNotice('vk:a:2', 1, 'escalated', 200)).toBe('done');
  });
});
