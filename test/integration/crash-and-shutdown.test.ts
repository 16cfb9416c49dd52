import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.ts';
import { CommentIntake } from '../../queues/comment-intake.ts';
import { producerConnection } from '../../queues/connections.ts';
import { deletePrefix, freePort } from '../../scripts/lib/local-redis.ts';
import { PipelineQueues } from '../../workers/pipeline-queues.ts';
import { actJobState } from '../helpers/act-jobs.ts';
import { DaemonProcess } from '../helpers/daemon-process.ts';
import { REDIS_URL, testEnv, waitFor } from '../helpers/harness.ts';
import { vkComment, vkFixture } from '../helpers/vk-fixture.ts';

const OBSCENE = 'Какого хуя опять свет отключили';

async function setup(name: string) {
  const fx = await vkFixture('enforce');
  const env = testEnv(name, fx.accountsFile, {
    ROLES: 'moderate,act',
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT_S: '20',
  });
  const cfg = loadConfig(env);
  const redis = producerConnection(REDIS_URL);
  const intake = new CommentIntake(redis, cfg);
  const queues = new PipelineQueues(redis, cfg);
  const actQueue = queues.act.get('vk')!;
  return {
    fx,
    env,
    intake,
    actQueue,
    async cleanup() {
      await intake.close();
      await queues.close();
      redis.disconnect();
      await fx.cleanup();
      await deletePrefix(REDIS_URL, cfg.QUEUE_PREFIX);
    },
  };
}

describe('crashes and shutdown of the real daemon process', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('the compiled daemon (npm run build, as deployed) moderates and stops cleanly on SIGTERM', async () => {
    const s = await setup('compiled');
    cleanups.push(() => s.cleanup());
    const daemon = new DaemonProcess(s.env, true).start();
    await daemon.ready();
    await s.intake.submit(vkComment(OBSCENE, { id: '4101' }));
    await waitFor(() => s.fx.vk.deleteCalls().length === 1, 15_000, 'delete by the compiled daemon');
    daemon.kill('SIGTERM');
    expect(await daemon.exited()).toBe(0);
  });

  it('a start-up failure ends the process with code 2 (regression: it logged and kept running)', async () => {
    const s = await setup('startfail');
    cleanups.push(() => s.cleanup());
    const daemon = new DaemonProcess({ ...s.env, RULES_DIR: '/nonexistent-strazh-rules' }, false).start();
    expect(await daemon.exited()).toBe(2);
  });

  // Regression: with Redis unreachable start-up waited for it for ever — no message, no exit code for
  // the supervisor, no HTTP server — while ioredis printed raw connection errors.
  it('Redis not answering at start-up ends the process with code 2 and says which Redis', async () => {
    const s = await setup('noredis');
    cleanups.push(() => s.cleanup());
    const port = await freePort(); // nothing listens there
    const t0 = Date.now();
    const daemon = new DaemonProcess({ ...s.env, REDIS_URL: `redis://127.0.0.1:${port}` }, false).start();
    expect(await daemon.exited()).toBe(2);
    expect(Date.now() - t0).toBeLessThan(25_000);
    expect(daemon.output.join('')).toContain(`Redis at redis://127.0.0.1:${port}`);
    expect(daemon.output.join('')).not.toContain('Unhandled error event');
  }, 40_000);

  it('a worker SIGKILLed mid-action loses no comment: it is processed after restart', async () => {
    const s = await setup('sigkill');
    cleanups.push(() => s.cleanup());
    s.fx.vk.delay('wall.deleteComment', 60_000); // the platform hangs: the job is in flight when we kill
    const first = new DaemonProcess(s.env).start();
    cleanups.push(async () => first.kill('SIGKILL'));
    await first.ready();
    await s.intake.submit(vkComment(OBSCENE, { id: '901' }));
    await waitFor(() => s.fx.vk.deleteCalls().length === 1, 10_000, 'delete call in flight');
    first.kill('SIGKILL');
    expect(await first.exited()).toBe(null); // killed by signal, no exit code
    // orphaned: its worker is gone
    expect(await actJobState(s.actQueue, 'vk:test-vk:901', 'delete')).toBe('active');

    s.fx.vk.delay('wall.deleteComment', 0);
    const second = new DaemonProcess(s.env).start();
    cleanups.push(async () => {
      second.kill('SIGTERM');
      await second.exited();
    });
    await second.ready();
    await waitFor(
      async () => (await actJobState(s.actQueue, 'vk:test-vk:901', 'delete')) === 'completed',
      20_000,
      'job taken over',
    );
    expect(s.fx.vk.deleted.has('wall:901')).toBe(true);
  });

  it('SIGTERM lets the job in flight finish before the process exits', async () => {
    const s = await setup('sigterm');
    cleanups.push(() => s.cleanup());
    s.fx.vk.delay('wall.deleteComment', 1500);
    const d = new DaemonProcess(s.env).start();
    cleanups.push(async () => d.kill('SIGKILL'));
    await d.ready();
    await s.intake.submit(vkComment(OBSCENE, { id: '902' }));
    await waitFor(() => s.fx.vk.deleteCalls().length === 1, 10_000, 'delete call in flight');
    d.kill('SIGTERM');
    expect(await d.exited()).toBe(0);
    expect(await actJobState(s.actQueue, 'vk:test-vk:902', 'delete')).toBe('completed');
    expect(s.fx.vk.deleteCalls().length).toBe(1);
    expect(d.output.join('')).toContain('shut down cleanly');
  });
});
