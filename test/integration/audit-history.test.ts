import { daemonRuleSet } from '../helpers/daemon-rules.ts';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RuleSet } from '../../core/rules/rule.ts';
import {
  decisionFor,
  fixtureAccounts,
  hiddenWhileInReview,
  reviewDecision,
  vkComment,
} from '../../fixtures/audit/builders.ts';
import { actBatchJobId, jobIdFor } from '../../queues/job-options.ts';
import { auditObserver } from '../../store/audit-observer.ts';
import { AuditStore } from '../../store/audit-store.ts';
import { auditCommand } from '../../store/cli/audit-command.ts';
import { parseDatabaseUrl } from '../../store/database-url.ts';
import { auditMigrator } from '../../store/open-database.ts';
import { readReportInputs, ruleDecisionStats } from '../../store/report/report-queries.ts';
import { AUDIT_MIGRATIONS } from '../../store/migrations/index.ts';
import type { ActJob } from '../../queues/payloads.ts';
import type { Comment } from '../../core/comment.ts';
import type { ReviewUndoEvent } from '../../workers/moderation-observer.ts';
import { DATABASES, testDatabase, type TestDatabase } from './support/test-databases.ts';

const log = pino({ level: 'silent' });
let rules: RuleSet;
beforeAll(() => {
  rules = daemonRuleSet();
});

const ANNA = { id: '4242', name: 'Иванова А.' };
const BORIS = { id: '77', name: 'Борисов Б.' };

/** The act job the act worker would report an outcome for. */
function actJob(key: string, action: ActJob['action'], by = ANNA): ActJob {
  return {
    key,
    action,
    reason: '',
    banDays: 0,
    requestedBy: { kind: 'moderator', ...by },
  } as unknown as ActJob;
}

describe.each(DATABASES)('review history on %s', (kind) => {
  let tdb: TestDatabase;
  let store: AuditStore;
  beforeEach(async () => {
    tdb = await testDatabase(kind);
    store = await AuditStore.open(tdb.url, { timeZone: 'Asia/Yakutsk' });
  });
  afterEach(async () => {
    await store.close();
    await tdb.drop();
  });
  const observer = () => auditObserver({ store, accounts: fixtureAccounts(), log });
  /** Борис's /undo of «Удалить»: the comment is restored. */
  const undoDeletion = (key: string, comment: Comment, undoneAt: Date): ReviewUndoEvent => ({
    key,
    comment,
    undone: 'delete',
    action: 'restore',
    moderator: BORIS,
    undoneAt,
  });
  /** An insult on `culture-vk` (review mode), decided by the rules and on record. */
  const decidedInsult = async (id: number) => {
    const at = new Date('2026-03-05T02:00:00Z');
    const c = vkComment({ account: 'culture-vk', id, text: 'Ты мразь', at });
    const o = observer();
    await o.onDecision!(decisionFor(rules, c, at));
    return { at, c, key: `vk:culture-vk:${id}`, o };
  };

  it('decide → /undo → decide again keeps every decision, the undo, and each request with its outcome', async () => {
    const at = new Date('2026-03-05T02:00:00Z');
    const c = vkComment({ account: 'culture-vk', id: 55, text: 'Ты мразь', at });
    const key = 'vk:culture-vk:55';
    const d = decisionFor(rules, c, at);
    expect(d.outcome).toBe('review');
    const o = observer();
    await o.onDecision!(d);
    const t = (min: number) => new Date(at.getTime() + min * 60_000);

    // «Удалить и заблокировать» (Анна), pressed twice: one decision; then done on the platform.
    await o.onReviewDecision!(reviewDecision(c, 'delete_and_ban', t(10), ANNA));
    await o.onReviewDecision!(reviewDecision(c, 'delete_and_ban', t(10), ANNA));
    await o.onActionDone!(actJob(key, 'delete_and_ban'), { status: 'done', detail: 'first' });
    // /undo (Борис): the comment is restored and the author unbanned.
    const undo = {
      key,
      comment: c,
      undone: 'delete_and_ban' as const,
      action: 'restore_and_unban' as const,
      moderator: BORIS,
      undoneAt: t(20),
    };
    await o.onReviewUndo!(undo);
    // The same undo at the same moment (two /undo at once) is not a second undo nor a second request.
    await o.onReviewUndo!(undo);
    // The process dies here: reconciliation finds the undo's request.
    expect((await store.pendingActions()).map((p) => [p.action.action, p.action.request_no])).toEqual([
      ['restore_and_unban', 1],
    ]);
    await o.onActionDone!(actJob(key, 'restore_and_unban', BORIS), { status: 'done', detail: 'restored' });
    // Decided again (Борис): a request of its own; reconciliation finds it, not the first one.
    await o.onReviewDecision!(reviewDecision(c, 'delete_and_ban', t(30), BORIS));
    expect((await store.pendingActions()).map((p) => [p.action.action, p.action.request_no])).toEqual([
      ['delete_and_ban', 2],
    ]);
    await o.onActionFailed!(actJob(key, 'delete_and_ban', BORIS), new Error('VK 10'), false);
    await o.onActionDone!(actJob(key, 'delete_and_ban', BORIS), { status: 'done', detail: 'second' });
    expect(await store.pendingActions()).toEqual([]);

    const [rec] = await store.findComments(key);
    expect(
      rec?.actions.map((a) => [
        a.action,
        a.request_no,
        a.moderator_name,
        a.requested_at,
        a.status,
        a.detail,
        a.error,
        a.attempts,
      ]),
    ).toEqual([
      ['delete_and_ban', 1, ANNA.name, t(10).toISOString(), 'done', 'first', null, 1],
      ['restore_and_unban', 1, BORIS.name, t(20).toISOString(), 'done', 'restored', null, 1],
      ['delete_and_ban', 2, BORIS.name, t(30).toISOString(), 'done', 'second', 'VK 10', 2],
    ]);
    expect(rec?.actions[0]?.job_id).toBe(jobIdFor(key, 'delete_and_ban'));
    expect(
      rec?.reviews.map((r) => [r.seq, r.type, r.decision, r.moderator_id, r.moderator_name, r.at, r.action]),
    ).toEqual([
      [1, 'decision', 'delete_and_ban', ANNA.id, ANNA.name, t(10).toISOString(), 'delete_and_ban'],
      [2, 'undo', 'delete_and_ban', BORIS.id, BORIS.name, t(20).toISOString(), 'restore_and_unban'],
      [3, 'decision', 'delete_and_ban', BORIS.id, BORIS.name, t(30).toISOString(), 'delete_and_ban'],
    ]);
    // The decision in force is the last one.
    expect(rec?.comment).toMatchObject({ review_decision: 'delete_and_ban', reviewer_name: BORIS.name });

    // `audit show` tells the whole sequence, in order.
    const env = {
      DATABASE_URL: tdb.url,
      ACCOUNTS_FILE: 'fixtures/audit/accounts.yaml',
      AUDIT_TIME_ZONE: 'UTC',
    };
    let stdout = '';
    const code = await auditCommand(['show', key], env, {
      stdout: (s) => (stdout += s),
      stderr: () => undefined,
    });
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const idx = (text: string) => {
      const i = lines.findIndex((l) => l.includes(text));
      expect(i, text).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order = [
      idx('модератор Иванова А. (Telegram id 4242), 05.03.2026 02:10 (UTC): удалить и заблокировать автора'),
      idx(
        'модератор Борисов Б. (Telegram id 77), 05.03.2026 02:20 (UTC): отменил решение «удалить и заблокировать автора»',
      ),
      idx('модератор Борисов Б. (Telegram id 77), 05.03.2026 02:30 (UTC): удалить и заблокировать автора'),
      idx('• удаление и блокировка автора, срок блокировки 7 дн.: запросил модератор Иванова А.'),
      idx('• снятие блокировки автора и восстановление комментария'),
      idx(
        '• удаление и блокировка автора, срок блокировки 7 дн. (запрос № 2): запросил модератор Борисов Б.',
      ),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  // Regression: an outcome went to the latest request of its action, so the outcome of a hide
  // requested while in review landed on the hide an undo had requested meanwhile, and the first
  // request stayed «requested» for ever.
  it('each outcome goes to the request its job carried out, not to the latest request', async () => {
    const at = new Date('2026-03-05T02:00:00Z');
    const d = { ...hiddenWhileInReview(rules, 77, at), moderateJobId: 'm77' };
    const o = observer();
    await o.onDecision!(d);
    await o.onReviewUndo!({
      key: d.key,
      comment: d.comment,
      undone: 'keep',
      action: 'hide',
      moderator: BORIS,
      undoneAt: new Date(at.getTime() + 60_000),
    });
    const pending = await store.pendingActions();
    expect(pending.map((p) => [p.action.request_no, p.superseded])).toEqual([
      [1, true],
      [2, false],
    ]);
    const hide = { ...actJob(d.key, 'hide'), requestedBy: { kind: 'auto' } } as ActJob;
    await o.onActionDone!(hide, { status: 'done', detail: 'first' }, actBatchJobId('m77', 'facebook'));
    await o.onActionFailed!(
      actJob(d.key, 'hide', BORIS),
      new Error('Graph 2'),
      false,
      jobIdFor(d.key, 'hide'),
    );
    await o.onActionDone!(
      actJob(d.key, 'hide', BORIS),
      { status: 'done', detail: 'second' },
      jobIdFor(d.key, 'hide'),
    );
    const [rec] = await store.findComments(d.key);
    expect(rec?.actions.map((a) => [a.request_no, a.status, a.detail, a.error, a.attempts])).toEqual([
      [1, 'done', 'first', null, 1],
      [2, 'done', 'second', 'Graph 2', 2],
    ]);
    expect(await store.pendingActions()).toEqual([]);
  });

  it('retention erases the text and keeps every decision, undo and request', async () => {
    const { at, c, key, o } = await decidedInsult(56);
    await o.onReviewDecision!(reviewDecision(c, 'delete', new Date(at.getTime() + 1000), ANNA));
    await o.onReviewUndo!(undoDeletion(key, c, new Date(at.getTime() + 2000)));
    await o.onReviewDecision!(reviewDecision(c, 'keep', new Date(at.getTime() + 3000), BORIS));
    expect(await store.purgeBefore(new Date('2026-04-01T00:00:00Z'), new Date('2026-04-01T00:00:00Z'))).toBe(
      1,
    );
    const [rec] = await store.findComments(key);
    expect(rec?.comment.text).toBeNull();
    expect(rec?.reviews.map((r) => [r.type, r.decision])).toEqual([
      ['decision', 'delete'],
      ['undo', 'delete'],
      ['decision', 'keep'],
    ]);
    expect(rec?.actions.map((a) => a.action)).toEqual(['delete', 'restore']);
    // Nothing of the comment itself is in the review records.
    expect(JSON.stringify(rec?.reviews)).not.toContain('мразь');
  });

  it('reports count a decided, undone and re-decided comment once, by the decision in force', async () => {
    const at = new Date('2026-03-05T02:00:00Z');
    const c = vkComment({ account: 'culture-vk', id: 57, text: 'Ты мразь', at });
    const key = 'vk:culture-vk:57';
    const o = auditObserver({
      store,
      accounts: fixtureAccounts(),
      log,
      now: () => new Date(at.getTime() + 90_000),
    });
    await o.onDecision!(decisionFor(rules, c, at));
    await o.onReviewDecision!(reviewDecision(c, 'delete', new Date(at.getTime() + 60_000), ANNA));
    await o.onActionFailed!(actJob(key, 'delete'), new Error('VK 15'), true);
    await o.onReviewUndo!({
      key,
      comment: c,
      undone: 'delete',
      action: undefined,
      moderator: BORIS,
      undoneAt: new Date(at.getTime() + 120_000),
    });
    await o.onReviewDecision!(reviewDecision(c, 'keep', new Date(at.getTime() + 180_000), BORIS));
    const range = { start: '2026-03-05T00:00:00.000Z', end: '2026-03-06T00:00:00.000Z' };
    const stats = await ruleDecisionStats(store.db, range);
    expect(stats.length).toBeGreaterThan(0);
    // The comment is one decision (the one in force: kept), whatever happened before.
    for (const s of stats) expect([s.decided, s.kept, s.deleted]).toEqual([1, 1, 0]);
    const inputs = await readReportInputs(store.db, {
      from: '2026-03-05',
      to: '2026-03-05',
      timeZone: 'UTC',
      accounts: fixtureAccounts().accounts,
      env: {},
      limits: { maxRate: 0.3, minDecisions: 3 },
      generatedAt: new Date('2026-03-10T00:00:00Z'),
    });
    expect(inputs.audited.map((r) => [r.reviewDecision, r.n])).toEqual([['keep', 1]]);
    expect(inputs.decisionDurationsMs).toEqual([180_000]);
    // The failed deletion happened and stays counted.
    expect(inputs.failedActions).toBe(1);
  });

  it('the migration keeps existing actions and makes the decision in force the first review record', async () => {
    // A database as the previous release left it: migrations up to 0004, one decided comment.
    await store.close();
    await tdb.drop();
    tdb = await testDatabase(kind);
    const target = parseDatabaseUrl(tdb.url);
    const db =
      target.kind === 'sqlite'
        ? new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(target.path) }) })
        : new Kysely<unknown>({
            dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: 1 }) }),
          });
    const old = Object.fromEntries(Object.entries(AUDIT_MIGRATIONS).filter(([name]) => name < '0005'));
    const migrated = await (await auditMigrator(db, target.kind, old)).migrateToLatest();
    expect(migrated.error).toBeUndefined();
    const base = {
      platform: 'vk',
      account_id: 'culture-vk',
      object_id: '1',
      owner_id: '-1',
      kind: 'wall_comment',
      text: 'старый',
      created_at: '2026-01-01T00:00:00.000Z',
      received_at: '2026-01-01T00:00:00.000Z',
      rule_set_version: 'v',
      verdict: 'review',
      mode: 'review',
      outcome: 'review',
      category: 'insult',
      categories: '[]',
      decided_by: '[]',
      decided_at: '2026-01-01T00:00:00.000Z',
    };
    await sql`insert into audit_comment (key, comment_id, platform, account_id, object_id, owner_id, kind, text,
      created_at, received_at, rule_set_version, verdict, mode, outcome, category, categories, decided_by, decided_at,
      review_decision, reviewer_id, reviewer_name, reviewed_at)
      values ('vk:culture-vk:1', '1', ${base.platform}, ${base.account_id}, ${base.object_id}, ${base.owner_id},
      ${base.kind}, ${base.text}, ${base.created_at}, ${base.received_at}, ${base.rule_set_version}, ${base.verdict},
      ${base.mode}, ${base.outcome}, ${base.category}, ${base.categories}, ${base.decided_by}, ${base.decided_at},
      'delete', '4242', 'Иванова А.', '2026-01-01T00:05:00.000Z'),
      ('vk:culture-vk:2', '2', ${base.platform}, ${base.account_id}, ${base.object_id}, ${base.owner_id},
      ${base.kind}, ${base.text}, ${base.created_at}, ${base.received_at}, ${base.rule_set_version}, ${base.verdict},
      ${base.mode}, ${base.outcome}, ${base.category}, ${base.categories}, ${base.decided_by}, ${base.decided_at},
      null, null, null, null)`.execute(db);
    await sql`insert into audit_action (comment_key, action, job_id, requested_by, moderator_id, moderator_name,
      reason, ban_days, requested_at, status, detail, error, attempts, finished_at, manual_url)
      values ('vk:culture-vk:1', 'delete', 'vk|culture-vk|1|delete', 'moderator', '4242', 'Иванова А.', 'r', 0,
      '2026-01-01T00:05:00.000Z', 'done', 'ok', null, 1, '2026-01-01T00:05:01.000Z', null)`.execute(db);
    await db.destroy();

    store = await AuditStore.open(tdb.url, { timeZone: 'UTC' });
    const [one] = await store.findComments('vk:culture-vk:1');
    expect(one?.actions).toMatchObject([
      {
        action: 'delete',
        request_no: 1,
        status: 'done',
        detail: 'ok',
        moderator_name: 'Иванова А.',
        attempts: 1,
      },
    ]);
    expect(one?.reviews).toEqual([
      {
        comment_key: 'vk:culture-vk:1',
        seq: 1,
        type: 'decision',
        decision: 'delete',
        moderator_id: '4242',
        moderator_name: 'Иванова А.',
        at: '2026-01-01T00:05:00.000Z',
        action: null,
      },
    ]);
    expect((await store.findComments('vk:culture-vk:2'))[0]?.reviews).toEqual([]);
    // The next undo and decision go on after the migrated record.
    const c = vkComment({
      account: 'culture-vk',
      id: 1,
      text: 'старый',
      at: new Date('2026-01-01T00:00:00Z'),
    });
    await store.recordReviewUndo(
      {
        key: 'vk:culture-vk:1',
        comment: c,
        undone: 'delete',
        action: 'restore',
        moderator: ANNA,
        undoneAt: new Date('2026-01-02T00:00:00Z'),
      },
      [],
    );
    const [after] = await store.findComments('vk:culture-vk:1');
    expect(after?.reviews.map((r) => [r.seq, r.type])).toEqual([
      [1, 'decision'],
      [2, 'undo'],
    ]);
  });

  it('migration 0005 can be taken back: one row per comment and action (the latest request), no review records; and applied again', async () => {
    const { at, c, key, o } = await decidedInsult(61);
    const later = (min: number) => new Date(at.getTime() + min * 60_000);
    await o.onReviewDecision!(reviewDecision(c, 'delete', later(1), ANNA));
    await o.onActionDone!(actJob(key, 'delete'), { status: 'done', detail: 'first' });
    await o.onReviewUndo!(undoDeletion(key, c, later(2)));
    await o.onReviewDecision!(reviewDecision(c, 'delete', later(3), BORIS));
    const db = store.db as unknown as Kysely<unknown>;
    const migrator = await auditMigrator(db, kind);

    const down = await migrator.migrateTo('0004-inbound-health');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual([
      ['0006-kept-keys', 'Down', 'Success'],
      ['0005-audit-history', 'Down', 'Success'],
    ]);
    const rows = await sql<{ action: string; moderator_name: string | null; status: string }>`
      select * from audit_action where comment_key = ${key} order by action`.execute(db);
    expect(rows.rows.map((r) => [r.action, r.moderator_name, r.status])).toEqual([
      ['delete', BORIS.name, 'requested'],
      ['restore', BORIS.name, 'requested'],
    ]);
    expect(Object.keys(rows.rows[0] ?? {})).not.toContain('request_no');
    await expect(sql`select count(*) from audit_review`.execute(db)).rejects.toThrow();

    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    const [rec] = await store.findComments(key);
    // In the order they were requested: the undo's restore, then the second decision's delete.
    expect(rec?.actions.map((a) => [a.action, a.request_no, a.status])).toEqual([
      ['restore', 1, 'requested'],
      ['delete', 1, 'requested'],
    ]);
    expect(rec?.reviews.map((r) => [r.seq, r.type, r.decision, r.moderator_name])).toEqual([
      [1, 'decision', 'delete', BORIS.name],
    ]);
  });
});
