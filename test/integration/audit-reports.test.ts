import { daemonRuleSet } from '../helpers/daemon-rules.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { loadConfig } from '../../config/env.ts';
import { loadRuleSet } from '../../config/rules-loader.ts';
import { evaluateText } from '../../core/engine.ts';
import type { RuleSet } from '../../core/rules/rule.ts';
import { fixtureAccounts } from '../../fixtures/audit/builders.ts';
import { FIXTURE_WEEK, FIXTURE_WEEK_EXPECTED, seedFixtureWeek } from '../../fixtures/audit/fixture-week.ts';
import { producerConnection } from '../../queues/connections.ts';
import { AUDIT_QUEUE } from '../../queues/names.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { auditObserver } from '../../store/audit-observer.ts';
import { AuditStore } from '../../store/audit-store.ts';
import { buildReport } from '../../store/report/build-report.ts';
import { readReportInputs } from '../../store/report/report-queries.ts';
import { startRetentionJob } from '../../store/retention-job.ts';
import { RuleDemotions } from '../../store/rule-demotions.ts';
import { DATABASES, testDatabase, type TestDatabase } from './support/test-databases.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const log = pino({ level: 'silent' });
let rules: RuleSet;
beforeAll(async () => {
  rules = daemonRuleSet();
});

describe.each(DATABASES)('reports and rule precision on %s', (kind) => {
  let tdb: TestDatabase;
  let store: AuditStore;
  beforeEach(async () => {
    tdb = await testDatabase(kind);
    store = await AuditStore.open(tdb.url, { timeZone: FIXTURE_WEEK.timeZone });
    await seedFixtureWeek(auditObserver({ store, accounts: fixtureAccounts(), log }), rules);
  });
  afterEach(async () => {
    await store.close();
    await tdb.drop();
  });

  const report = async (from: string = FIXTURE_WEEK.from, to: string = FIXTURE_WEEK.to) =>
    buildReport(
      await readReportInputs(store.db, {
        from,
        to,
        timeZone: FIXTURE_WEEK.timeZone,
        accounts: fixtureAccounts().accounts,
        env: { FIX_ADM_COMMUNITY: 'set', FIX_ADM_USER: 'set' },
        limits: { maxRate: 0.3, minDecisions: 3 },
        generatedAt: new Date('2026-03-10T00:00:00Z'),
      }),
    );

  it('the fixture week gives the expected moderation numbers', async () => {
    const r = await report();
    const m = r.moderation;
    expect(m.total).toEqual(FIXTURE_WEEK_EXPECTED.total);
    expect(m.byCategory.find((c) => c.key === 'obscene')?.counts).toMatchObject(
      FIXTURE_WEEK_EXPECTED.obscene,
    );
    expect(m.byCategory.find((c) => c.key === 'insult')?.counts).toMatchObject(FIXTURE_WEEK_EXPECTED.insult);
    expect(m.byAccount.map((a) => [a.key, a.counts.seen])).toEqual([
      ['adm-vk', 7],
      ['culture-vk', 7],
    ]);
    expect(m.byPlatform).toEqual([{ key: 'vk', counts: FIXTURE_WEEK_EXPECTED.total }]);
    expect(m.decisionTime).toEqual({
      decisions: 3,
      medianMs: FIXTURE_WEEK_EXPECTED.medianMs,
      p95Ms: FIXTURE_WEEK_EXPECTED.p95Ms,
    });
    expect(m.rules[0]).toMatchObject({
      ruleId: 'insult.strong',
      action: 'delete',
      ...FIXTURE_WEEK_EXPECTED.insultStrong,
      overLimit: true,
    });
    expect(m.rules[0]?.overturnRate).toBeCloseTo(1 / 3);
  });

  it('the fixture week gives the registry and the posting activity', async () => {
    const r = await report();
    expect(r.registry.map((a) => [a.accountId, a.mode, a.tokens.every((t) => t.present)])).toEqual([
      ['adm-vk', 'enforce', false],
      ['culture-vk', 'review', false],
    ]);
    expect(r.registry[0]?.tokens.filter((t) => !t.present).map((t) => t.variable)).toEqual([
      'FIX_ADM_SECRET',
    ]);
    expect(r.registry[1]?.lastCommentAt).toBe('2026-03-06');
    expect(
      r.posting.rows.map((p) => [p.accountId, p.weeks.map((w) => [w.week, w.posts, w.belowTarget])]),
    ).toEqual([
      ['adm-vk', [['2026-W10', FIXTURE_WEEK_EXPECTED.posts['adm-vk'], false]]],
      ['culture-vk', [['2026-W10', FIXTURE_WEEK_EXPECTED.posts['culture-vk'], true]]],
    ]);
  });

  it('a day outside the period counts nothing; the next week sees the late post', async () => {
    const r = await report('2026-03-09', '2026-03-15');
    expect(r.moderation.total.seen).toBe(0);
    expect(r.posting.rows.find((p) => p.accountId === 'culture-vk')?.total).toBe(1);
  });

  it('a rule overturned too often is demoted when its file allows it, and only then', async () => {
    const demotable = await loadRuleSet('fixtures/audit/rules');
    const demotions = new RuleDemotions(
      store,
      { maxRate: 0.3, minDecisions: 3, windowDays: 30 },
      log,
      () => new Date('2026-03-10T00:00:00Z'),
    );
    await demotions.refresh();
    expect(demotions.overLimit.map((r) => r.ruleId)).toEqual(['insult.strong']);
    const text = 'Ты мразь';
    expect(evaluateText(demotions.apply(demotable), text).verdict).toBe('review');
    expect(evaluateText(demotions.apply(demotable), 'иди нахуй').verdict).toBe('delete');
    // The shipped rules/insult.yaml does not allow demotion: the rule keeps deleting.
    expect(evaluateText(demotions.apply(rules), text).verdict).toBe('delete');

    const strict = new RuleDemotions(
      store,
      { maxRate: 0.5, minDecisions: 3, windowDays: 30 },
      log,
      () => new Date('2026-03-10T00:00:00Z'),
    );
    await strict.refresh();
    expect(evaluateText(strict.apply(demotable), text).verdict).toBe('delete');
  });
});

describe.each(DATABASES)('retention job on %s', (kind) => {
  const prefix = `strazh-test-retention-${kind}-${process.pid}-${Date.now()}`;
  const producer = producerConnection(REDIS_URL);
  afterAll(async () => {
    await producer.quit();
    await deletePrefix(REDIS_URL, prefix);
  });

  it('schedules the purge in BullMQ and purges only snapshots past the retention period', async () => {
    const tdb: TestDatabase = await testDatabase(kind);
    const store = await AuditStore.open(tdb.url, { timeZone: 'UTC' });
    try {
      await seedFixtureWeek(auditObserver({ store, accounts: fixtureAccounts(), log }), rules);
      const cfg = loadConfig({
        QUEUE_PREFIX: prefix,
        AUDIT_RETENTION_DAYS: '365',
        AUDIT_PURGE_EVERY_MIN: '60',
      });
      // One year and one day after the seeded decisions of 4 March, those of 5 March stay.
      const conn = producer.duplicate({ maxRetriesPerRequest: null });
      const job = await startRetentionJob(cfg, conn, store, log, () => new Date('2027-03-05T00:00:00Z'));
      try {
        const q = new Queue(AUDIT_QUEUE, { connection: producer, prefix });
        const schedulers = await q.getJobSchedulers();
        expect(schedulers.map((s) => [s.key, s.every])).toEqual([['audit-retention-purge', 3_600_000]]);
        await q.close();
        // The scheduler's first run may already have purged; either way the result is the same.
        await job.purgeNow();
        expect(await job.purgeNow()).toBe(0);
        const texts = await store.db
          .selectFrom('audit_comment')
          .select(['comment_id', 'text'])
          .orderBy('comment_id')
          .execute();
        expect(texts.filter((t) => t.text === null).map((t) => t.comment_id)).toEqual(['200', '201']);
      } finally {
        await job.close();
        await conn.quit();
      }
    } finally {
      await store.close();
      await tdb.drop();
    }
  });
});
