import { daemonRuleSet } from '../helpers/daemon-rules.ts';
import { Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../config/env.ts';
import type { RuleSet } from '../../core/rules/rule.ts';
import {
  decisionFor,
  fixtureAccounts,
  hiddenWhileInReview,
  vkComment,
} from '../../fixtures/audit/builders.ts';
import { actBatchJobId, jobIdFor } from '../../queues/job-options.ts';
import { producerConnection, workerConnection } from '../../queues/connections.ts';
import { actQueueName } from '../../queues/names.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { auditObserver } from '../../store/audit-observer.ts';
import { AuditStore } from '../../store/audit-store.ts';
import { reconcilePendingActions } from '../../store/reconcile-actions.ts';
import { PipelineQueues } from '../../workers/pipeline-queues.ts';
import { DATABASES, testDatabase, type TestDatabase } from './support/test-databases.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const log = pino({ level: 'silent' });
let rules: RuleSet;
beforeAll(async () => {
  rules = daemonRuleSet();
});

/**
 * Two obscene comments decided by moderate job `jobId` (written ahead, with its act batch's id), and
 * the automatic deletions that job plans.
 */
function decidedByJob(jobId: string, firstId: number) {
  const at = new Date('2026-03-04T01:00:00Z');
  const decisions = [0, 1].map((i) => ({
    ...decisionFor(rules, vkComment({ account: 'adm-vk', id: firstId + i, text: 'иди нахуй', at }), at),
    moderateJobId: jobId,
  }));
  const acts = decisions.map((d) => ({
    key: d.key,
    comment: d.comment,
    action: 'delete' as const,
    reason: 'x',
    requestedBy: { kind: 'auto' as const },
  }));
  return { decisions, acts };
}

describe.each(DATABASES)('reconciling requested actions with BullMQ (%s)', (kind) => {
  let tdb: TestDatabase;
  let store: AuditStore;
  let cfg: Config;
  let queues: PipelineQueues;
  const producer = producerConnection(REDIS_URL);
  const prefix = `strazh-test-reconcile-${kind}-${process.pid}-${Date.now()}`;

  beforeEach(async () => {
    tdb = await testDatabase(kind);
    store = await AuditStore.open(tdb.url, { timeZone: 'UTC' });
    cfg = loadConfig({ REDIS_URL, QUEUE_PREFIX: prefix, DATABASE_URL: tdb.url });
    queues = new PipelineQueues(producer, cfg);
  });
  afterAll(async () => {
    await producer.quit();
  });
  afterEach(async () => {
    await queues.close();
    await store.close();
    await tdb.drop();
    await deletePrefix(REDIS_URL, prefix);
  });

  it('an act batch that finished gives each of its actions its outcome; one it did not carry out is failed', async () => {
    const observer = auditObserver({ store, accounts: fixtureAccounts(), log });
    const { decisions, acts } = decidedByJob('m85', 850);
    for (const d of decisions) await observer.onDecision!(d);
    await queues.enqueueMany(acts, [], 'm85');
    // A worker that carried out only the first action, then died before telling the audit log.
    const conn = workerConnection(REDIS_URL);
    const done = { status: 'done', detail: 'wall.deleteComment' };
    const worker = new Worker(
      actQueueName('vk'),
      async () => ({ outcomes: { [jobIdFor(decisions[0]!.key, 'delete')]: done } }),
      { connection: conn, prefix },
    );
    const q = queues.act.get('vk')!;
    const id = actBatchJobId('m85', 'vk');
    for (let i = 0; i < 100 && (await (await q.getJob(id))?.getState()) !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await worker.close();
    await conn.quit();
    const summary = await reconcilePendingActions(store, queues, log);
    expect(summary).toMatchObject({ checked: 2, completed: 1, failed: 1, requeued: 0 });
    const action = async (i: number) => (await store.findComments(decisions[i]!.key))[0]?.actions[0];
    expect(await action(0)).toMatchObject({ job_id: id, status: 'done' });
    expect(await action(1)).toMatchObject({ job_id: id, status: 'failed' });
  });

  it('takes a finished job’s outcome, leaves a queued job alone, re-queues a trimmed one', async () => {
    const observer = auditObserver({ store, accounts: fixtureAccounts(), log });
    const at = new Date('2026-03-04T01:00:00Z');
    const events = ['finished', 'queued', 'trimmed'].map((name, i) => {
      const d = decisionFor(
        rules,
        vkComment({ account: 'adm-vk', id: 800 + i, text: `${name}: иди нахуй`, at }),
        at,
      );
      return { name, d };
    });
    for (const { d } of events) await observer.onDecision!(d);
    const job = (i: number) => {
      const d = events[i]!.d;
      return {
        key: d.key,
        comment: d.comment,
        action: 'delete' as const,
        reason: 'x',
        requestedBy: { kind: 'auto' as const },
      };
    };

    // "finished": processed by a worker that died before telling the audit log.
    await queues.enqueueAction(job(0));
    const conn = workerConnection(REDIS_URL);
    const worker = new Worker(
      actQueueName('vk'),
      async () => ({ status: 'done', detail: 'wall.deleteComment' }),
      {
        connection: conn,
        prefix,
      },
    );
    const q = queues.act.get('vk')!;
    const id0 = jobIdFor(events[0]!.d.key, 'delete');
    for (let i = 0; i < 100 && (await (await q.getJob(id0))?.getState()) !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await worker.close();
    await conn.quit();

    // "queued": waiting for a worker. "trimmed": gone from BullMQ (removed or trimmed before it ran).
    await queues.enqueueAction(job(1));
    await queues.enqueueAction(job(2));
    const id2 = jobIdFor(events[2]!.d.key, 'delete');
    await (await q.getJob(id2))!.remove();
    expect(await q.getJob(id2)).toBeUndefined();

    const summary = await reconcilePendingActions(store, queues, log);
    expect(summary).toEqual({
      checked: 3,
      requeued: 1,
      completed: 1,
      failed: 0,
      inQueue: 1,
      skipped: 0,
      superseded: 0,
    });
    const status = async (i: number) => (await store.findComments(events[i]!.d.key))[0]?.actions[0];
    expect(await status(0)).toMatchObject({ status: 'done', detail: 'wall.deleteComment' });
    expect((await status(1))?.status).toBe('requested');
    expect((await status(2))?.status).toBe('requested');
    const requeued = await q.getJob(id2);
    expect(requeued?.data).toMatchObject({
      key: events[2]!.d.key,
      action: 'delete',
      comment: { text: 'trimmed: иди нахуй' },
    });
    expect(await requeued?.getState()).toBe('waiting');
  });

  // Regression: only the latest request of an action was reconciled; an older one whose job was lost
  // stayed «requested» for ever.
  it('an older request whose job was lost is closed as superseded when a newer request of the action exists', async () => {
    const observer = auditObserver({ store, accounts: fixtureAccounts(), log });
    const at = new Date('2026-03-04T01:00:00Z');
    const d = { ...hiddenWhileInReview(rules, 91, at), moderateJobId: 'm91' };
    await observer.onDecision!(d); // request 1: hide while in review, by act batch m91 (lost)
    await observer.onReviewUndo!({
      key: d.key,
      comment: d.comment,
      undone: 'keep',
      action: 'hide',
      moderator: { id: '1', name: 'М.' },
      undoneAt: new Date(at.getTime() + 60_000),
    }); // request 2: hidden again after an undone «оставить» (its job lost too)
    const summary = await reconcilePendingActions(store, queues, log);
    expect(summary).toMatchObject({ checked: 2, superseded: 1, requeued: 1, completed: 0, failed: 0 });
    const actions = (await store.findComments(d.key))[0]?.actions ?? [];
    expect(actions.map((a) => [a.request_no, a.job_id, a.status])).toEqual([
      [1, actBatchJobId('m91', 'facebook'), 'superseded'],
      [2, jobIdFor(d.key, 'hide'), 'requested'],
    ]);
    expect(await (await queues.act.get('facebook')!.getJob(jobIdFor(d.key, 'hide')))?.getState()).toBe(
      'waiting',
    );
    expect((await reconcilePendingActions(store, queues, log)).checked).toBe(1);
  });

  // Regression: the lost act batch was queued again as a single job under another id; the moderate job
  // that planned it, run again after the crash, then queued its batch too — two platform deletes.
  it('a lost act batch is queued again under its own id; the moderate job run again adds no second one', async () => {
    const observer = auditObserver({ store, accounts: fixtureAccounts(), log });
    const { decisions, acts } = decidedByJob('m87', 870);
    for (const d of decisions) await observer.onDecision!(d); // written ahead; the process died here
    const summary = await reconcilePendingActions(store, queues, log);
    expect(summary).toMatchObject({ checked: 2, requeued: 2 });
    await queues.enqueueMany(acts, [], 'm87'); // the moderate job, run again, queues its plan
    const jobs = await queues.act.get('vk')!.getJobs(['waiting', 'delayed', 'active', 'prioritized']);
    expect(jobs.map((j) => j.id)).toEqual([actBatchJobId('m87', 'vk')]);
    expect((jobs[0]?.data as unknown as { actions: { key: string }[] }).actions.map((a) => a.key)).toEqual(
      decisions.map((d) => d.key),
    );
  });

  // Regression: after /undo a new request of the same action reuses its job id; the finished job of the
  // earlier request was taken for the new one's, so the new request was closed as done and never ran.
  it('a finished job of an earlier request of the action is not taken for a newer one, which is queued', async () => {
    const observer = auditObserver({ store, accounts: fixtureAccounts(), log });
    const t0 = Date.now();
    const d = { ...hiddenWhileInReview(rules, 93, new Date(t0 - 120_000)), moderateJobId: 'm93' };
    const moderator = { id: '1', name: 'М.' };
    const hide = {
      key: d.key,
      comment: d.comment,
      action: 'hide' as const,
      reason: 'x',
      banDays: 0,
      requestedBy: { kind: 'moderator' as const, ...moderator },
    };
    const done = { status: 'done' as const, detail: 'hide' };
    await observer.onDecision!(d); // request 1, by act batch m93: done
    await observer.onActionDone!(hide, done, actBatchJobId('m93', 'facebook'));
    const undo = (minutes: number) =>
      observer.onReviewUndo!({
        key: d.key,
        comment: d.comment,
        undone: 'keep',
        action: 'hide',
        moderator,
        undoneAt: new Date(t0 + minutes * 60_000),
      });
    await undo(-1); // request 2: its job runs and its outcome is recorded
    const id = jobIdFor(d.key, 'hide');
    await queues.enqueueAction(hide);
    const conn = workerConnection(REDIS_URL);
    const worker = new Worker(actQueueName('facebook'), async () => done, { connection: conn, prefix });
    const q = queues.act.get('facebook')!;
    for (let i = 0; i < 100 && (await (await q.getJob(id))?.getState()) !== 'completed'; i++)
      await new Promise((r) => setTimeout(r, 50));
    await worker.close();
    await conn.quit();
    await observer.onActionDone!(hide, done, id);
    await undo(1); // request 3: written ahead, then the process died before queueing it

    const summary = await reconcilePendingActions(store, queues, log);
    expect(summary).toMatchObject({ checked: 1, requeued: 1, completed: 0 });
    const actions = (await store.findComments(d.key))[0]?.actions ?? [];
    expect(actions.map((a) => [a.request_no, a.status])).toEqual([
      [1, 'done'],
      [2, 'done'],
      [3, 'requested'],
    ]);
    expect(await (await q.getJob(id))?.getState()).toBe('waiting');
  });
});
