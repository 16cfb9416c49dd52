import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.ts';
import { CommentIntake } from '../../queues/comment-intake.ts';
import { producerConnection } from '../../queues/connections.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { DaemonProcess } from '../helpers/daemon-process.ts';
import { REDIS_URL, testEnv, waitFor } from '../helpers/harness.ts';
import { vkComment, vkFixture } from '../helpers/vk-fixture.ts';

const N = 600;
const isObscene = (i: number) => i % 2 === 0;

describe('fault: the daemon is SIGKILLed under load and restarted', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('loses nothing and repeats no platform delete for a comment whose action was recorded', async () => {
    const fx = await vkFixture('enforce');
    cleanups.push(() => fx.cleanup());
    // Slow platform answers keep many actions in flight when the kill comes.
    fx.vk.delay('wall.deleteComment', 30);
    const env = testEnv('kill-load', fx.accountsFile, { ROLES: 'moderate,act', LOG_LEVEL: 'info' });
    const cfg = loadConfig(env);
    const redis = producerConnection(REDIS_URL);
    const intake = new CommentIntake(redis, cfg);
    cleanups.push(async () => {
      await intake.close();
      redis.disconnect();
      await deletePrefix(REDIS_URL, cfg.QUEUE_PREFIX);
    });

    const first = new DaemonProcess(env).start();
    cleanups.push(async () => first.kill('SIGKILL'));
    await first.ready();
    const producing = (async () => {
      for (let i = 0; i < N; i += 20) {
        await intake.submitMany(
          Array.from({ length: 20 }, (_, j) => {
            const n = i + j;
            return vkComment(isObscene(n) ? `Какого хуя, №${n}` : `Спасибо за ответ, №${n}`, {
              id: String(n),
            });
          }),
        );
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    await waitFor(() => fx.vk.deleteCalls().length >= 40, 20_000, 'load under way');
    first.kill('SIGKILL');
    const killedAt = Date.now();
    await first.exited();
    const second = new DaemonProcess(env).start();
    cleanups.push(async () => {
      second.kill('SIGTERM');
      await second.exited();
    });
    await second.ready();
    await producing;

    const moderate = intake.queue;
    await waitFor(
      async () => (await moderate.getJobCountByTypes('wait', 'active', 'delayed', 'prioritized')) === 0,
      60_000,
      'moderation queue drained',
    );
    const expected = Array.from({ length: N }, (_, i) => i).filter(isObscene);
    await waitFor(
      () => expected.every((i) => fx.vk.deleted.has(`wall:${i}`)),
      60_000,
      'every deletion carried out',
    );
    // Every comment was claimed by a moderate job (decided), and no job failed.
    const claims = await Promise.all(
      Array.from({ length: N }, (_, i) => redis.exists(`${cfg.QUEUE_PREFIX}:claim:vk:test-vk:${i}`)),
    );
    expect(claims.filter((n) => n !== 1)).toEqual([]);
    expect(await moderate.getFailedCount()).toBe(0);

    // A second delete for a comment is allowed only when the first was still unanswered (or just
    // answered) at the kill: the daemon cannot have recorded it. Anything else is a repeated action.
    const calls = fx.vk.deleteCalls();
    const first2 = new Map<string, number>();
    const repeatsOfRecorded: string[] = [];
    for (const c of calls) {
      const id = c.params.comment_id ?? '';
      const prev = first2.get(id);
      if (prev === undefined) first2.set(id, c.answeredAt ?? c.at);
      else if (prev < killedAt - 200) repeatsOfRecorded.push(id);
    }
    expect(repeatsOfRecorded).toEqual([]);
    expect(first2.size).toBe(expected.length);
  }, 120_000);
});
