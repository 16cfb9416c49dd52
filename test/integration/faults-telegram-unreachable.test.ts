import { afterEach, describe, expect, it } from 'vitest';
import { REVIEW_TEXTS, vkWallComment } from '../helpers/review-fixtures.ts';
import { ACCOUNT, startHarness, type Harness } from '../helpers/telegram-harness.ts';
import { waitFor } from '../helpers/harness.ts';

describe('fault: Telegram is unreachable', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('review items wait in Redis while the Bot API cannot be reached and are delivered when it is back', async () => {
    h = await startHarness();
    const port = Number(new URL(h.tg.url).port);
    await h.tg.close(); // connection refused from now on
    for (const id of [11, 12, 13]) {
      await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id, text: REVIEW_TEXTS.flagged }));
    }
    await waitFor(async () => (await h!.app.queues.review.count()) >= 3, 10_000, 'review items queued');
    await new Promise((r) => setTimeout(r, 3000));
    expect(await h.app.queues.review.getFailedCount()).toBe(0);
    expect(h.cards()).toHaveLength(0);

    await h.tg.start(port); // Telegram is back on the same address
    await waitFor(() => h!.cards().length === 3, 30_000, 'cards delivered after the outage');
    expect(await h.app.queues.review.getFailedCount()).toBe(0);
  }, 60_000);

  // Regression: each failed send used one of the item's 10 attempts, so an outage longer than the
  // backoff schedule (8.5 minutes by default) sent every waiting item to the dead letter for good.
  it.each([
    {
      what: 'unreachable',
      down: (h: Harness) => h.tg.close(),
      up: async (h: Harness, port: number) => void (await h.tg.start(port)),
    },
    {
      what: 'answering 500',
      down: async (h: Harness) => h.tg.failNext('sendMessage', { kind: 'server_error' }, 1000),
      up: async (h: Harness) => h.tg.clearFailures(),
    },
  ])(
    'an outage longer than every attempt of the items ($what) loses none of them',
    async ({ down, up }) => {
      // 10 attempts from a 5-ms base delay are spent in 5 s; Telegram stays down for 8 s.
      h = await startHarness({ RETRY_BASE_DELAY_MS: '5' });
      const port = Number(new URL(h.tg.url).port);
      await down(h);
      for (const id of [21, 22]) {
        await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id, text: REVIEW_TEXTS.flagged }));
      }
      await new Promise((r) => setTimeout(r, 8000));
      expect(await h.app.queues.review.getFailedCount()).toBe(0);
      await up(h, port);
      await waitFor(() => h!.cards().length === 2, 45_000, 'cards delivered after the outage');
      expect(await h.app.queues.review.getFailedCount()).toBe(0);
    },
    70_000,
  );
});
