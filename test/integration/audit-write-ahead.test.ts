import { CommentSchema } from '../../core/comment.ts';
import { loadModelAssets } from '../../config/model-assets.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actBatchJobId } from '../../queues/job-options.ts';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../config/env.ts';
import { RuleSetHolder } from '../../config/rules-loader.ts';
import { vkComment, fixtureAccounts } from '../../fixtures/audit/builders.ts';
import { producerConnection } from '../../queues/connections.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { auditObserver } from '../../store/audit-observer.ts';
import { AuditStore } from '../../store/audit-store.ts';
import { moderateBatch, type ModerateDeps } from '../../workers/moderate-worker.ts';
import { PipelineQueues } from '../../workers/pipeline-queues.ts';
import { DATABASES, testDatabase, type TestDatabase } from './support/test-databases.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const log = pino({ level: 'silent' });

describe.each(DATABASES)('write-ahead through the real moderate step (%s)', (kind) => {
  const producer = producerConnection(REDIS_URL);
  const prefix = `strazh-test-wal-${kind}-${process.pid}-${Date.now()}`;
  let rules: RuleSetHolder;
  let tdb: TestDatabase;
  let store: AuditStore;
  let cfg: Config;
  let queues: PipelineQueues;
  let deps: ModerateDeps;

  beforeAll(async () => {
    rules = await RuleSetHolder.open('rules', log, await loadModelAssets('models'));
  });
  afterAll(async () => {
    await producer.quit();
  });
  beforeEach(async () => {
    tdb = await testDatabase(kind);
    store = await AuditStore.open(tdb.url, { timeZone: 'UTC' });
    cfg = loadConfig({ REDIS_URL, QUEUE_PREFIX: prefix, DATABASE_URL: tdb.url });
    queues = new PipelineQueues(producer, cfg);
    deps = {
      cfg,
      connection: producer,
      log,
      rules,
      accounts: fixtureAccounts(),
      queues,
      observer: auditObserver({ store, accounts: fixtureAccounts(), log }),
    };
  });
  afterEach(async () => {
    await queues.close();
    await store.close().catch(() => undefined);
    await tdb.drop();
    await deletePrefix(REDIS_URL, prefix);
  });

  const at = new Date('2026-03-04T01:00:00Z');
  const actJobs = () => queues.act.get('vk')!.getJobs(['waiting', 'delayed', 'active', 'completed']);

  it('the deletion is queued only after its record is committed', async () => {
    const c = vkComment({ account: 'adm-vk', id: 31, text: 'Да пошли вы нахуй', at });
    const summary = await moderateBatch(deps, 'job-31', [CommentSchema.parse(c)]);
    expect(summary).toMatchObject({ comments: 1, delete: 1 });
    const [job] = await actJobs();
    // The moderate job's act batch, named after it; the record names the job that will act.
    expect(job?.id).toBe(actBatchJobId('job-31', 'vk'));
    const [rec] = await store.findComments('31');
    expect(rec?.actions).toMatchObject([{ job_id: job?.id, status: 'requested' }]);
  });

  it('when the audit write fails, the job fails and nothing is queued for the platform', async () => {
    await store.close(); // the database is gone
    const c = vkComment({ account: 'adm-vk', id: 32, text: 'Да пошли вы нахуй', at });
    await expect(moderateBatch(deps, 'job-32', [CommentSchema.parse(c)])).rejects.toThrow();
    expect(await actJobs()).toEqual([]);
  });
});
