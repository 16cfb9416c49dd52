import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisStepMemo } from '../../adapters/step-memo.ts';
import { VkActions } from '../../adapters/vk/vk-actions.ts';
import { parseAccounts, type VkAccount } from '../../config/accounts.ts';
import { loadConfig } from '../../config/env.ts';
import { VkEmulator } from '../../emulators/vk-emulator.ts';
import { actionIdFor } from '../../queues/job-options.ts';
import { actQueueName } from '../../queues/names.ts';
import type { ActJobInput } from '../../queues/payloads.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { startActWorker } from '../../workers/act-worker.ts';
import { PipelineQueues } from '../../workers/pipeline-queues.ts';
import { runOnceKeys } from '../../workers/run-once.ts';
import { REDIS_URL, uniquePrefix, waitFor } from '../helpers/harness.ts';

const GROUP = 300;

/** An act batch's retries through the real act worker, a VK emulator and real Redis. */
describe('act batch retries', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(rateLimitWaitS: number) {
    const prefix = uniquePrefix('act-batch');
    const vk = await new VkEmulator({ groupId: GROUP, communityToken: 'c', userToken: 'u' }).start();
    const account = parseAccounts(
      'a.yaml',
      `accounts:\n  - id: nr-vk\n    title: t\n    platform: vk\n    api_base_url: ${vk.apiBaseUrl}\n    rate_limit_wait_s: ${rateLimitWaitS}\n    platform_ids: { group_id: ${GROUP} }\n    tokens: { community: VK_C, user: VK_U }\n`,
    ).accounts[0] as VkAccount;
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const cfg = loadConfig({
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      ACT_MAX_PER_SECOND: '100',
      RETRY_BASE_DELAY_MS: '50',
    });
    const actions = new VkActions(account, 'u', new RedisStepMemo(redis, prefix, 3600));
    const done: string[] = [];
    const worker = startActWorker(
      {
        cfg,
        log: pino({ level: 'silent' }),
        connection: redis,
        actionsFor: (id) => (id === 'nr-vk' ? actions : undefined),
        observer: { onActionDone: async (j) => void done.push(j.key) },
      },
      'vk',
    );
    const queues = new PipelineQueues(redis, cfg);
    cleanups.push(async () => {
      await worker.close();
      await queues.close();
      await vk.close();
      await deletePrefix(REDIS_URL, prefix);
      redis.disconnect();
    });
    const del = (id: number): ActJobInput => ({
      key: `vk:nr-vk:${id}`,
      action: 'delete',
      reason: 'мат',
      requestedBy: { kind: 'auto' },
      comment: {
        platform: 'vk',
        accountId: 'nr-vk',
        commentId: String(id),
        objectId: '5',
        ownerId: `-${GROUP}`,
        kind: 'wall_comment',
        author: { id: '123', name: '' },
        text: 'x',
        createdAt: new Date().toISOString(),
        receivedAt: 0,
      },
    });
    return { vk, redis, prefix, queues, done, del };
  }

  // Regression: a batch retried after a rate limit reported the outcomes its first run had already
  // reported — metrics counted them twice and the audit rows' attempts grew.
  it('a batch retried after a rate limit reports each action once and carries out none twice', async () => {
    const { vk, queues, done, del } = await setup(0.3);
    vk.failNext('wall.deleteComment', 9); // the first action is rate-limited
    await queues.enqueueActBatch('vk', 'b1', [1, 2, 3].map(del));
    await waitFor(() => done.length === 3, 10_000, 'all three done');
    await new Promise((r) => setTimeout(r, 300));
    expect(done.sort()).toEqual(['vk:nr-vk:1', 'vk:nr-vk:2', 'vk:nr-vk:3']);
    expect(
      vk
        .deleteCalls()
        .map((c) => c.params.comment_id)
        .sort(),
    ).toEqual(['1', '1', '2', '3']);
  });

  // Regression: the marks of the actions a batch had done lived 10 minutes; a platform asking for a
  // longer wait (Graph: 15 minutes and more) had the retry carry them out again.
  it('the actions a batch has done stay marked for as long as the platform makes it wait', async () => {
    const { vk, redis, prefix, queues, done, del } = await setup(1800);
    vk.failNext('wall.deleteComment', 9);
    await queues.enqueueActBatch('vk', 'b2', [1, 2].map(del));
    await waitFor(() => done.length === 1, 10_000, 'the first run');
    const mark = runOnceKeys(prefix, actQueueName('vk'), actionIdFor('vk:nr-vk:2', 'delete')).done;
    expect(await redis.ttl(mark)).toBeGreaterThan(1800);
  });
});
