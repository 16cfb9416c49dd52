import { afterEach, describe, expect, it } from 'vitest';
import type { ModerationObserver } from '../../workers/moderation-observer.ts';
import { PINO_ERROR } from '../helpers/log-capture.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';
import { PrivateRedis } from '../helpers/private-redis.ts';
import { deliverUntilOk } from '../helpers/vk-sender.ts';

const N = 240;
const isObscene = (i: number) => i % 3 === 0;
const text = (i: number) => (isObscene(i) ? `Какого хуя опять, №${i}` : `Когда отремонтируют дом №${i}?`);

describe('fault: Redis stops for 10 s mid-stream and comes back (AOF)', () => {
  let h: Harness | undefined;
  let redis: PrivateRedis | undefined;
  afterEach(async () => {
    await h?.stop();
    await redis?.destroy();
  });

  // It failed now and then (a comment never decided) until session 3 found why: the webhook claimed
  // the VK event id before queueing and could not release it with Redis gone, so the redelivery was
  // dropped as a duplicate. Event ids are now noted after the comment is queued. On a failure the test
  // names the undecided comments and the daemon's error logs.
  it('every comment is decided exactly once and deleted at most once', { timeout: 180_000 }, async () => {
    redis = await PrivateRedis.create();
    const decisions = new Map<string, number>();
    const observer: ModerationObserver = {
      onDecision: async (e) =>
        void decisions.set(e.comment.commentId, (decisions.get(e.comment.commentId) ?? 0) + 1),
    };
    h = await startHarness('redis-restart', {
      env: { REDIS_URL: redis.url, RETRY_BASE_DELAY_MS: '200' },
      observers: [observer],
    });
    const hook = `${h.app.url}/webhooks/vk/test-vk`;
    const vk = h.vk;
    const deliveries: Promise<number>[] = [];
    const t0 = Date.now();
    const outage = (async () => {
      await new Promise((r) => setTimeout(r, 2000));
      await redis.stop();
      await new Promise((r) => setTimeout(r, 10_000));
      await redis.start();
    })();
    for (let i = 0; i < N; i++) {
      // About 30 comments a second, spread over the outage.
      const due = t0 + i * 33;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      const event = vk.wallReply({ id: i + 1, fromId: 500 + i, text: text(i), secret: 'cb-secret' });
      deliveries.push(deliverUntilOk(hook, event, 60_000));
    }
    const tries = await Promise.all(deliveries);
    await outage;
    expect(tries.some((t) => t > 1)).toBe(true); // the outage was real: some webhooks were refused
    try {
      await waitFor(() => decisions.size === N, 90_000, 'all comments decided');
    } catch (err) {
      // This test has failed now and then under a loaded CI machine: say which comments and why.
      const missing = Array.from({ length: N }, (_, i) => String(i + 1)).filter((id) => !decisions.has(id));
      const errors = h.lines.filter((l) => l.level >= PINO_ERROR).map((l) => l.msg);
      throw new Error(
        `${String(err)}; undecided: ${missing.join(',')}; error logs: ${errors.slice(0, 20).join(' | ')}`,
        { cause: err },
      );
    }
    const expected = Array.from({ length: N }, (_, i) => i)
      .filter(isObscene)
      .map((i) => `wall:${i + 1}`);
    await waitFor(() => expected.every((k) => vk.deleted.has(k)), 60_000, 'all deletions done');
    await new Promise((r) => setTimeout(r, 1000));
    expect([...decisions.values()].filter((n) => n !== 1)).toEqual([]);
    const perComment = new Map<string, number>();
    for (const c of vk.deleteCalls())
      perComment.set(c.params.comment_id ?? '', (perComment.get(c.params.comment_id ?? '') ?? 0) + 1);
    expect(perComment.size).toBe(expected.length);
    expect([...perComment.entries()].filter(([, n]) => n > 1)).toEqual([]);
  });
});
