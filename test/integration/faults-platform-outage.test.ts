import { afterEach, describe, expect, it } from 'vitest';
import { actJobState } from '../helpers/act-jobs.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';
import { vkComment } from '../helpers/vk-fixture.ts';

const OUTAGE_MS = 60_000;

describe('fault: the platform answers errors for a minute', () => {
  let h: Harness | undefined;
  afterEach(async () => h?.stop());

  it('actions are delayed through a minute of 5xx, then done; none is lost or failed', async () => {
    // Production retry settings: 8 attempts, backoff from 1 s doubling (1+2+…+64 s covers a minute).
    h = await startHarness('outage', { env: { RETRY_BASE_DELAY_MS: '1000', ACT_ATTEMPTS: '8' } });
    const vk = h.vk;
    vk.failFor('*', 'html', OUTAGE_MS); // a 502 HTML page instead of JSON, as a proxy in front of the API would
    const start = Date.now();
    const ids = Array.from({ length: 10 }, (_, i) => String(300 + i));
    for (const id of ids) await h.app.intake.submit(vkComment(`Какого хуя, ${id}`, { id }));
    const q = h.app.queues.act.get('vk')!;
    await waitFor(
      async () =>
        (await Promise.all(ids.map((id) => actJobState(q, `vk:test-vk:${id}`, 'delete')))).every(
          (s) => s === 'completed',
        ),
      OUTAGE_MS + 80_000,
      'all actions done after the outage',
    );
    const succeeded = vk.deleteCalls().filter((c) => c.answeredAt !== undefined);
    expect(succeeded.length).toBe(ids.length);
    expect(Math.min(...succeeded.map((c) => c.at)) - start).toBeGreaterThanOrEqual(OUTAGE_MS - 50);
    expect(vk.deleteCalls().length).toBeGreaterThan(ids.length); // they were retried during the outage
    expect(await q.getFailedCount()).toBe(0);
  }, 180_000);

  it('five seconds of VK rate-limit errors (error 6) delay the actions without failing them', async () => {
    h = await startHarness('outage-6', { env: { ACT_ATTEMPTS: '2' } });
    h.vk.failFor('wall.deleteComment', 6, 5_000);
    const ids = ['401', '402', '403'];
    for (const id of ids) await h.app.intake.submit(vkComment(`Какого хуя, ${id}`, { id }));
    const q = h.app.queues.act.get('vk')!;
    await waitFor(
      async () =>
        (await Promise.all(ids.map((id) => actJobState(q, `vk:test-vk:${id}`, 'delete')))).every(
          (s) => s === 'completed',
        ),
      20_000,
      'rate-limited actions done',
    );
    // Far more calls than attempts: a rate limit does not use up attempts.
    expect(h.vk.deleteCalls().length).toBeGreaterThan(3);
    expect(await q.getFailedCount()).toBe(0);
  }, 60_000);
});
