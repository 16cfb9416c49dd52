import { daemonRuleSet } from '../helpers/daemon-rules.ts';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { RuleSet } from '../../core/rules/rule.ts';
import { decisionFor, fixtureAccounts, reviewDecision, vkComment } from '../../fixtures/audit/builders.ts';
import { auditObserver } from '../../store/audit-observer.ts';
import { AuditStore } from '../../store/audit-store.ts';
import { openDatabase } from '../../store/open-database.ts';
import pg from 'pg';
import { DATABASES, PG_URL, testDatabase, type TestDatabase } from './support/test-databases.ts';

const log = pino({ level: 'silent' });
let rules: RuleSet;
beforeAll(async () => {
  rules = daemonRuleSet();
});

describe.each(DATABASES)('audit store on %s', (kind) => {
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

  it.runIf(kind === 'postgres')('survives the server dropping its idle connections', async () => {
    const app = `strazh_drop_${process.pid}_${Date.now()}`;
    const errors: Error[] = [];
    const s = await AuditStore.open(`${tdb.url}&application_name=${app}`, {
      timeZone: 'UTC',
      onConnectionError: (e) => errors.push(e),
    });
    try {
      expect(await s.findComments('1')).toEqual([]);
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      const r = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
        [app],
      );
      await admin.end();
      expect(r.rowCount).toBeGreaterThan(0);
      for (let i = 0; i < 50 && errors.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
      expect(errors.length).toBeGreaterThan(0);
      expect(await s.findComments('1')).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('migrations run once and are recorded', async () => {
    const again = await openDatabase(tdb.url);
    expect(again.applied).toEqual([]);
    await again.db.destroy();
  });

  it('an automatically deleted comment has a complete record before the action, and its outcome after', async () => {
    const at = new Date('2026-03-04T01:00:00Z');
    const c = vkComment({ account: 'adm-vk', id: 9001, text: 'Да пошли вы нахуй, уроды', at });
    const d = decisionFor(rules, c, at);
    expect(d.outcome).toBe('delete');
    await observer().onDecision!(d);

    const [rec] = await store.findComments('9001');
    expect(rec?.comment).toMatchObject({
      key: 'vk:adm-vk:9001',
      platform: 'vk',
      account_id: 'adm-vk',
      comment_id: '9001',
      author_id: '500',
      author_name: 'Житель 500',
      text: 'Да пошли вы нахуй, уроды',
      permalink: c.permalink,
      created_at: c.createdAt,
      received_at: at.toISOString(),
      rule_set_version: rules.version,
      verdict: 'delete',
      mode: 'enforce',
      outcome: 'delete',
      category: 'obscene',
      decided_at: at.toISOString(),
    });
    expect(rec?.comment.normalized_text).toContain('нахуй');
    // Every rule's result is kept, hit or not, with spans into the original text.
    expect(rec?.rules.map((r) => r.ruleId).sort()).toEqual(rules.rules.map((r) => r.id).sort());
    const obscene = rec?.rules.find((r) => r.ruleId === 'obscene.mat');
    expect(obscene?.hit).toBe(true);
    const span = obscene?.spans[0];
    expect(c.text.slice(span?.start, span?.end)).toBe('нахуй');
    expect(obscene?.details).toMatchObject({ action: 'delete', reason: 'Нецензурная брань (мат)' });
    // A rule that did not fire keeps its row, without repeating its own definition.
    const misses = rec?.rules.filter((r) => !r.hit) ?? [];
    expect(misses.length).toBeGreaterThan(5);
    for (const m of misses) expect([m.score, m.spans, m.details]).toEqual([0, [], {}]);
    expect(rec?.actions).toMatchObject([
      { action: 'delete', job_id: 'vk|adm-vk|9001|delete', status: 'requested', requested_by: 'auto' },
    ]);

    const job = {
      key: d.key,
      comment: c,
      action: 'delete' as const,
      banDays: 0,
      reason: 'Нецензурная брань',
      requestedBy: { kind: 'auto' as const },
    };
    await observer().onActionDone!(job, { status: 'done', detail: 'wall.deleteComment' });
    const [after] = await store.findComments('vk:adm-vk:9001');
    expect(after?.actions).toMatchObject([
      { action: 'delete', status: 'done', detail: 'wall.deleteComment', attempts: 1 },
    ]);
    expect(after?.actions[0]?.finished_at).not.toBeNull();
    expect(await store.pendingActions()).toEqual([]);
  });

  // Regression: a kept comment decided again (a moderate job run again after queueing failed) was
  // counted again — the reports' received and clean figures grew with every retry.
  it('a retried decision is recorded once; simply kept comments are only counted, each once', async () => {
    const at = new Date('2026-03-04T20:00:00Z'); // 05:00 on 5 March in Yakutsk
    const bad = vkComment({ account: 'adm-vk', id: 1, text: 'хуйня какая-то', at });
    const fine = vkComment({ account: 'adm-vk', id: 2, text: 'Спасибо за уборку снега', at });
    const alsoFine = vkComment({ account: 'adm-vk', id: 3, text: 'Спасибо за уборку снега', at });
    for (let i = 0; i < 2; i++) {
      await observer().onDecision!(decisionFor(rules, bad, at));
      await observer().onDecision!(decisionFor(rules, fine, at));
    }
    // In one group commit: a new kept comment, and one already counted, twice.
    const o = observer();
    await Promise.all([alsoFine, fine, fine].map((c) => o.onDecision!(decisionFor(rules, c, at))));
    expect(await store.findComments('1')).toHaveLength(1);
    expect(await store.findComments('2')).toHaveLength(0);
    const counts = await store.db.selectFrom('audit_kept_count').selectAll().execute();
    expect(counts.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([
      { day: '2026-03-05', account_id: 'adm-vk', platform: 'vk', category: '', n: 2 },
    ]);
    // The keys that guard the count are kept two days, then purged with the retention run.
    const keys = async () =>
      (await store.db.selectFrom('audit_kept_key').select('key').execute()).map((r) => r.key).sort();
    expect(await keys()).toEqual(['vk:adm-vk:2', 'vk:adm-vk:3']);
    await store.purgeBefore(new Date('2025-01-01T00:00:00Z'), new Date('2026-03-06T12:00:00Z'));
    expect(await keys()).toEqual(['vk:adm-vk:2', 'vk:adm-vk:3']);
    await store.purgeBefore(new Date('2025-01-01T00:00:00Z'), new Date('2026-03-07T16:00:00Z'));
    expect(await keys()).toEqual([]);
  });

  it('records a moderator decision and the moderator action write-ahead; the first decision wins', async () => {
    const at = new Date('2026-03-05T02:00:00Z');
    const c = vkComment({ account: 'culture-vk', id: 55, text: 'Ты мразь', at });
    const d = decisionFor(rules, c, at);
    expect(d.outcome).toBe('review');
    await observer().onDecision!(d);
    expect((await store.findComments('55'))[0]?.actions).toEqual([]);
    const later = new Date(at.getTime() + 600_000);
    await observer().onReviewDecision!(reviewDecision(c, 'delete_and_ban', later));
    await observer().onReviewDecision!(
      reviewDecision(c, 'keep', new Date(later.getTime() + 1000), { id: '1', name: 'Другой' }),
    );
    const [rec] = await store.findComments('55');
    expect(rec?.comment).toMatchObject({
      review_decision: 'delete_and_ban',
      reviewer_id: '4242',
      reviewer_name: 'Иванова А.',
      reviewed_at: later.toISOString(),
    });
    expect(rec?.actions).toMatchObject([
      {
        action: 'delete_and_ban',
        job_id: 'vk|culture-vk|55|delete_and_ban',
        status: 'requested',
        requested_by: 'moderator',
        moderator_id: '4242',
        ban_days: 7,
        reason: 'Оскорбление — грубое унизительное слово в адрес человека',
      },
    ]);
  });

  it('a failed action is recorded with its error; a final failure and a dead letter close it', async () => {
    const at = new Date('2026-03-04T01:00:00Z');
    const c = vkComment({ account: 'adm-vk', id: 77, text: 'пиздец', at });
    const d = decisionFor(rules, c, at);
    await observer().onDecision!(d);
    const job = {
      key: d.key,
      comment: c,
      action: 'delete' as const,
      banDays: 0,
      reason: '',
      requestedBy: { kind: 'auto' as const },
    };
    await observer().onActionFailed!(job, new Error('timeout'), false);
    expect((await store.pendingActions()).map((p) => p.action.error)).toEqual(['timeout']);
    await observer().onActionFailed!(job, new Error('Access denied'), true);
    await observer().onDeadLetter!('{act-vk}', 'vk|adm-vk|77|delete', job, new Error('Access denied'));
    const [rec] = await store.findComments('77');
    expect(rec?.actions).toMatchObject([{ status: 'failed', error: 'Access denied', attempts: 2 }]);
    const dead = await store.db.selectFrom('audit_dead_letter').selectAll().execute();
    expect(dead).toMatchObject([{ queue: '{act-vk}', comment_key: 'vk:adm-vk:77', error: 'Access denied' }]);
    await observer().onDeadLetter!('{moderate}', 'vk|adm-vk|78', { ...c, commentId: '78' }, new Error('bad'));
    await observer().onDeadLetter!('{moderate}', 'x', { junk: true }, new Error('invalid payload'));
    const keys = (await store.db.selectFrom('audit_dead_letter').select(['queue', 'comment_key']).execute())
      .map((k) => `${k.queue} ${k.comment_key ?? '-'}`)
      .sort();
    expect(keys).toEqual(['{act-vk} vk:adm-vk:77', '{moderate} -', '{moderate} vk:adm-vk:78']);
  });

  // Regression: the row id was queue|job|time, so the refused comments of one moderate job dead-lettered
  // in the same millisecond kept only the first row (4–7 of 20 in the reviewer's runs).
  it('every comment of one job dead-lettered in the same millisecond gets its own row; a repeat does not', async () => {
    const at = new Date('2026-03-04T01:00:00Z');
    for (let i = 0; i < 20; i++)
      await store.recordDeadLetter('{moderate}', 'batch-9', `vk:unknown:${i}`, 'unknown account', at);
    await store.recordDeadLetter('{moderate}', 'batch-9', 'vk:unknown:0', 'unknown account', at);
    const rows = await store.db.selectFrom('audit_dead_letter').select('comment_key').execute();
    expect(rows.map((r) => r.comment_key).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `vk:unknown:${i}`).sort(),
    );
  });

  it('an action the platform cannot do is stored with the link for doing it by hand (manualUrl)', async () => {
    const at = new Date('2026-03-04T01:00:00Z');
    const c = vkComment({ account: 'culture-vk', id: 88, text: 'Ты мразь', at });
    const d = decisionFor(rules, c, at);
    await observer().onDecision!(d);
    const url = 'https://vk.com/club2?act=blacklist';
    const job = {
      key: d.key,
      comment: c,
      action: 'restore' as const,
      banDays: 0,
      reason: '',
      requestedBy: { kind: 'moderator' as const, id: '4242', name: 'Иванова А.' },
    };
    await observer().onActionDone!(job, { status: 'unsupported', detail: 'cannot restore', manualUrl: url });
    const [rec] = await store.findComments('88');
    expect(rec?.actions.find((a) => a.action === 'restore')).toMatchObject({
      status: 'unsupported',
      manual_url: url,
    });
  });

  it('concurrent decisions and outcomes are committed together, each complete, repeats counted', async () => {
    const at = new Date('2026-03-04T01:00:00Z');
    const comments = Array.from({ length: 60 }, (_, i) =>
      vkComment({ account: 'adm-vk', id: 500 + i, text: i % 2 ? 'пиздец' : 'Спасибо за дорогу', at }),
    );
    const decisions = comments.map((c) => decisionFor(rules, c, at));
    await Promise.all(decisions.map((d) => observer().onDecision!(d)));
    const flagged = decisions.filter((d) => d.outcome === 'delete');
    expect(flagged).toHaveLength(30);
    const job = (d: (typeof decisions)[number]) => ({
      key: d.key,
      comment: d.comment,
      action: 'delete' as const,
      banDays: 0,
      reason: '',
      requestedBy: { kind: 'auto' as const },
    });
    const url = 'https://vk.com/x';
    await Promise.all(
      flagged.map((d, i) =>
        observer().onActionDone!(job(d), {
          status: 'done',
          detail: `ok ${i}`,
          ...(i === 0 ? { manualUrl: url } : {}),
        }),
      ),
    );
    // The same outcome again (a reconciled job): one more attempt, the manual link stays.
    await observer().onActionDone!(job(flagged[0]!), { status: 'already_done', detail: 'again' });
    const records = await Promise.all(flagged.map((d) => store.findComments(d.comment.commentId)));
    for (const [i, [rec]] of records.entries()) {
      expect(rec?.rules.length).toBe(decisions[0]!.verdict.results.length);
      expect(rec?.actions).toMatchObject([{ action: 'delete', status: i === 0 ? 'already_done' : 'done' }]);
    }
    expect(records[0]![0]!.actions[0]).toMatchObject({ attempts: 2, manual_url: url, detail: 'again' });
    expect(records[1]![0]!.actions[0]).toMatchObject({ attempts: 1, manual_url: null, detail: 'ok 1' });
    const counts = await store.db.selectFrom('audit_kept_count').select('n').execute();
    expect(counts.map((r) => Number(r.n))).toEqual([30]);
  });

  it('retention erases text, author and matched words of old records; verdicts and counts stay', async () => {
    const old = new Date('2025-01-10T00:00:00Z');
    const recent = new Date('2026-03-01T00:00:00Z');
    await observer().onDecision!(
      decisionFor(rules, vkComment({ account: 'adm-vk', id: 1, text: 'иди нахуй', at: old }), old),
    );
    await observer().onDecision!(
      decisionFor(rules, vkComment({ account: 'adm-vk', id: 2, text: 'иди нахуй', at: recent }), recent),
    );
    await observer().onDecision!(
      decisionFor(rules, vkComment({ account: 'adm-vk', id: 3, text: 'ок', at: old }), old),
    );

    const purged = await store.purgeBefore(
      new Date('2025-03-01T00:00:00Z'),
      new Date('2026-03-02T00:00:00Z'),
    );
    expect(purged).toBe(1);
    expect(await store.purgeBefore(new Date('2025-03-01T00:00:00Z'), new Date())).toBe(0);
    const [gone] = await store.findComments('1');
    expect(gone?.comment).toMatchObject({
      text: null,
      normalized_text: null,
      author_id: null,
      author_name: null,
      permalink: null,
      purged_at: '2026-03-02T00:00:00.000Z',
      verdict: 'delete',
      category: 'obscene',
    });
    const hit = gone?.rules.find((r) => r.hit);
    expect(hit?.spans).toEqual([]);
    expect(hit?.details).not.toHaveProperty('matched');
    expect(hit?.details.reason).toBe('Нецензурная брань (мат)');
    const [kept] = await store.findComments('2');
    expect(kept?.comment.text).toBe('иди нахуй');
    expect(kept?.rules.find((r) => r.hit)?.details).toHaveProperty('matched');
    const counts = await store.db.selectFrom('audit_kept_count').select('n').execute();
    expect(counts.map((r) => Number(r.n))).toEqual([1]);
  });
});
