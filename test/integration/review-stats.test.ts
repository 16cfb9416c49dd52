import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ReviewStats } from '../../bot/review-stats.ts';
import { decisionFor, vkComment } from '../../fixtures/audit/builders.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { daemonRuleSet } from '../helpers/daemon-rules.ts';
import { REDIS_URL, uniquePrefix } from '../helpers/harness.ts';

const prefix = uniquePrefix('review-stats');
const redis = new Redis(REDIS_URL);
afterAll(async () => {
  redis.disconnect();
  await deletePrefix(REDIS_URL, prefix);
});

describe('review stats counters', () => {
  it('count a batch of decisions once, per outcome, account and category, with few Redis keys', async () => {
    const rules = daemonRuleSet();
    const at = new Date('2026-03-04T01:00:00Z');
    const stats = new ReviewStats(redis, prefix, 'Asia/Yakutsk');
    const observer = stats.observer(pino({ level: 'silent' }));
    const events = Array.from({ length: 40 }, (_, i) =>
      decisionFor(
        rules,
        vkComment({ account: 'adm-vk', id: 900 + i, text: i % 4 ? 'Спасибо за дорогу' : 'пиздец', at }),
        at,
      ),
    );
    await observer.onDecisions!(events);
    // The same batch reported again (a moderate job run again after a crash) is not counted twice.
    await observer.onDecisions!(events);
    const { today } = await stats.read(at.getTime());
    expect(today).toMatchObject({
      seen: 40,
      auto_deleted: 10,
      kept: 30,
      'acct:adm-vk:seen': 40,
      'acct:adm-vk:auto_deleted': 10,
      'cat:obscene': 10,
    });
    // One counter hash for the day and one marker for the batch, not one key per comment.
    expect(await redis.keys(`${prefix}*`)).toHaveLength(2);
  });
});
