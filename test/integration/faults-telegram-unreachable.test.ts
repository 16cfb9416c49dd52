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
});
