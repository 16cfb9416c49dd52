import { afterEach, describe, expect, it } from 'vitest';
import { parseExecuteCode } from '../../emulators/vk-emulator.ts';
import { actJobOf } from '../helpers/act-jobs.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';
import { vkComment } from '../helpers/vk-fixture.ts';

const OBSCENE = 'Да пошли вы нахуй со своими отчётами';

/** How many calls each `execute` request carried. */
const sizes = (h: Harness) => h.vk.executes.map((e) => parseExecuteCode(e.params.code ?? '')?.length);

describe('act batches through VK execute (daemon, real Redis)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('the deletions of one act batch travel in one execute request', async () => {
    h = await startHarness('exec-batch');
    const ids = ['81', '82', '83', '84', '85'];
    await h.app.intake.submitMany(ids.map((id) => vkComment(OBSCENE, { id })));
    await waitFor(() => h!.vk.deleted.size === ids.length, 10_000, 'all deleted');
    const job = await actJobOf(h.app.queues.act.get('vk')!, 'vk:test-vk:81', 'delete');
    expect(job?.name).toBe('batch');
    // Every deletion went inside an execute (no plain request), each comment once.
    expect(sizes(h).reduce<number>((a, n) => a + (n ?? 0), 0)).toBe(ids.length);
    expect(
      h.vk
        .deleteCalls()
        .map((c) => c.params.comment_id)
        .sort(),
    ).toEqual(ids);
    expect(h.vk.executes.length).toBeLessThan(ids.length);
  });

  it('one call refused for good (15) inside execute: only its action is dead-lettered, the others done', async () => {
    const dead: string[] = [];
    h = await startHarness('exec-permanent', {
      observers: [{ onDeadLetter: async (_q, id) => void dead.push(id ?? '') }],
    });
    h.vk.failNext('wall.deleteComment', 15);
    await h.app.intake.submitMany(['91', '92', '93'].map((id) => vkComment(OBSCENE, { id })));
    await waitFor(() => dead.length === 1 && h!.vk.deleted.size === 2, 10_000, 'two done, one dead');
    const q = h.app.queues.act.get('vk')!;
    const job = await actJobOf(q, 'vk:test-vk:91', 'delete');
    await waitFor(async () => (await job?.getState()) === 'completed', 5000, 'batch completed');
    expect((await actJobOf(q, 'vk:test-vk:91', 'delete'))?.attemptsMade).toBe(1);
    expect(h.vk.executes.length).toBeGreaterThanOrEqual(1);
    expect(h.vk.deleteCalls()).toHaveLength(3); // the refused one is not retried
    expect(dead[0]).toMatch(/^vk\|test-vk\|9[123]\|delete$/);
  });

  it('error 6 for the whole execute: every action waits and is retried, then all are done', async () => {
    h = await startHarness('exec-ratelimit', { env: { ACT_ATTEMPTS: '1' } });
    h.vk.failNext('execute', 6);
    const ids = ['95', '96', '97'];
    await h.app.intake.submitMany(ids.map((id) => vkComment(OBSCENE, { id })));
    await waitFor(() => h!.vk.deleted.size === ids.length, 15_000, 'all deleted after the rate limit');
    const q = h.app.queues.act.get('vk')!;
    const job = await actJobOf(q, 'vk:test-vk:95', 'delete');
    await waitFor(async () => (await job?.getState()) === 'completed', 5000, 'batch completed');
    // Refused together, retried together after VK's "too many requests" wait (1.2 s).
    expect(h.vk.executes.length).toBeGreaterThanOrEqual(2);
    const [first, second] = h.vk.executes;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(h.vk.deleteCalls()).toHaveLength(2 * ids.length);
    expect(await q.getFailedCount()).toBe(0);
  });
});
