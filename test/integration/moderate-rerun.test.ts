import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAccounts } from '../../config/accounts.ts';
import { loadConfig } from '../../config/env.ts';
import { CommentSchema } from '../../core/comment.ts';
import { producerConnection } from '../../queues/connections.ts';
import { actBatchJobId } from '../../queues/job-options.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { moderateBatch, type ModerateDeps } from '../../workers/moderate-worker.ts';
import { PipelineQueues } from '../../workers/pipeline-queues.ts';
import { daemonRuleSet } from '../helpers/daemon-rules.ts';
import { REDIS_URL, uniquePrefix } from '../helpers/harness.ts';
import { vkComment } from '../helpers/vk-fixture.ts';

const ACCOUNTS = `accounts:
  - id: test-vk
    title: Тест
    platform: vk
    mode: enforce
    platform_ids: { group_id: 4242 }
    tokens: { community: A, user: B }
`;

describe('a moderate job run again after its queueing failed', () => {
  const cfg = loadConfig({ REDIS_URL, QUEUE_PREFIX: uniquePrefix('rerun') });
  const redis = producerConnection(REDIS_URL);
  const queues = new PipelineQueues(redis, cfg);
  afterAll(async () => {
    await queues.close();
    redis.disconnect();
    await deletePrefix(REDIS_URL, cfg.QUEUE_PREFIX);
  });

  it('queues the same jobs without deciding or telling the observers twice', async () => {
    const decisions: string[] = [];
    let failQueueing = true;
    const flaky = Object.create(queues) as PipelineQueues;
    flaky.enqueueMany = async (acts, reviews, moderateJobId) => {
      if (failQueueing) throw new Error('redis went away');
      return queues.enqueueMany(acts, reviews, moderateJobId);
    };
    const rules = daemonRuleSet();
    const deps: ModerateDeps = {
      cfg,
      connection: redis,
      log: pino({ level: 'silent' }),
      rules: { current: rules },
      accounts: parseAccounts('a.yaml', ACCOUNTS),
      queues: flaky,
      observer: { onDecision: async (e) => void decisions.push(e.key) },
    };
    const c = CommentSchema.parse(vkComment('Да пошли вы нахуй', { id: '77' }));
    await expect(moderateBatch(deps, 'job-77', [c])).rejects.toThrow('redis went away');
    failQueueing = false;
    const summary = await moderateBatch(deps, 'job-77', [c], true);
    expect(summary).toMatchObject({ comments: 1, delete: 1, duplicates: 0 });
    expect(decisions).toEqual(['vk:test-vk:77']);
    // The moderate job's act batch, with the one deletion in it.
    const batch = await queues.act.get('vk')!.getJob(actBatchJobId('job-77', 'vk'));
    expect(await batch?.getState()).toBe('waiting');
    expect((batch?.data as unknown as { actions: { key: string }[] }).actions.map((a) => a.key)).toEqual([
      'vk:test-vk:77',
    ]);
    expect(await redis.exists(`${cfg.QUEUE_PREFIX}:plan:job-77`)).toBe(0);
  });
});
