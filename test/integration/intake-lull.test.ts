import { afterEach, describe, expect, it } from 'vitest';
import { VkEmulator } from '../../emulators/vk-emulator.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

/**
 * A platform that waits for each answer before it sends its next event is held for the intake's
 * whole linger every round unless the batch is queued once no more comments come. Measured through
 * the real webhook route, the real intake and real Redis.
 */
describe('intake lull (real daemon, real Redis)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  const SENDERS = 16;
  const ROUNDS = 6;
  const LINGER_MS = 250;

  /** SENDERS webhooks in flight, each sender sending its next one when the last was answered. */
  async function closedLoop(harness: Harness, first: number): Promise<number> {
    const hook = `${harness.app.url}/webhooks/vk/test-vk`;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: SENDERS }, async (_, s) => {
        for (let r = 0; r < ROUNDS; r++) {
          const id = first + r * SENDERS + s;
          const event = harness.vk.wallReply({
            id,
            fromId: 100 + s,
            text: `Когда починят дорогу ${id}?`,
            secret: 'cb-secret',
          });
          expect(await VkEmulator.deliver(hook, event)).toEqual({ status: 200, body: 'ok' });
        }
      }),
    );
    return performance.now() - t0;
  }

  it.each([
    { lull: '6', atMostMs: ROUNDS * LINGER_MS * 0.5 },
    { lull: '0', atLeastMs: ROUNDS * LINGER_MS },
  ])('INTAKE_LULL_GAPS=$lull', async ({ lull, atMostMs, atLeastMs }) => {
    h = await startHarness(`lull-${lull}`, {
      env: {
        INTAKE_LINGER_MS: String(LINGER_MS),
        INTAKE_LINGER_MAX_MS: String(LINGER_MS),
        INTAKE_LULL_GAPS: lull,
      },
    });
    // A first loop teaches the intake the gaps between arrivals (no lull is known before).
    await closedLoop(h, 1);
    const ms = await closedLoop(h, 1000);
    if (atMostMs !== undefined) expect(ms).toBeLessThan(atMostMs);
    if (atLeastMs !== undefined) expect(ms).toBeGreaterThanOrEqual(atLeastMs - 10);
    // Nothing was lost on the way: every comment of both loops is decided.
    const harness = h;
    await waitFor(
      async () =>
        (await (await fetch(`${harness.app.url}/metrics`)).text()).includes(
          `strazh_comments_received_total{platform="vk"} ${2 * SENDERS * ROUNDS}`,
        ),
      10_000,
      'every comment received',
    );
  });
});
