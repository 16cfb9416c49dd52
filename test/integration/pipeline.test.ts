import { afterEach, describe, expect, it } from 'vitest';
import { VkEmulator } from '../../emulators/vk-emulator.ts';
import { actQueueName } from '../../queues/names.ts';
import { jobIdFor } from '../../queues/job-options.ts';
import type { DecisionEvent, ModerationObserver } from '../../workers/moderation-observer.ts';
import { actJobOf, actJobState } from '../helpers/act-jobs.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';
import { PINO_ERROR } from '../helpers/log-capture.ts';
import { vkComment, VK_GROUP_ID } from '../helpers/vk-fixture.ts';

const OBSCENE = 'Да пошли вы нахуй со своими отчётами';
const REVIEW = 'Сидят там одни идиоты';
const CLEAN = 'Когда починят дорогу на Ленина? Третью неделю ямы';

function recorder() {
  const decisions: DecisionEvent[] = [];
  const observer: ModerationObserver = {
    onDecision: async (e) => {
      decisions.push(e);
    },
  };
  return { decisions, observer };
}

describe('pipeline on real Redis', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('routes delete, review and keep to the right places', async () => {
    const rec = recorder();
    h = await startHarness('routes', { observers: [rec.observer] });
    await h.app.intake.submit(vkComment(OBSCENE, { id: '1' }));
    await h.app.intake.submit(vkComment(REVIEW, { id: '2' }));
    await h.app.intake.submit(vkComment(CLEAN, { id: '3' }));
    await waitFor(() => rec.decisions.length === 3 && h!.vk.deleteCalls().length === 1, 10_000, 'decisions');
    const byId = new Map(rec.decisions.map((d) => [d.comment.commentId, d]));
    expect(byId.get('1')?.outcome).toBe('delete');
    expect(byId.get('1')?.verdict.decidedBy).toEqual(['obscene.mat']);
    expect(byId.get('2')?.outcome).toBe('review');
    expect(byId.get('3')?.outcome).toBe('keep');
    // Every rule's result is kept, not only the hits.
    expect(byId.get('3')?.verdict.results.length).toBe(h.app.rules.current.rules.length);
    expect(h.vk.deleteCalls().map((c) => c.params)).toEqual([
      { v: '5.199', owner_id: `-${VK_GROUP_ID}`, comment_id: '1' },
    ]);
    expect(h.vk.deleteCalls()[0]?.token).toBe('user-token');
    const review = await h.app.queues.review.getJobs(['waiting']);
    expect(review.map((j) => j.data.comment.commentId)).toEqual(['2']);
    expect(review[0]?.data.hits.map((r) => r.ruleId)).toEqual(['insult.weak']);

    const metrics = await (await fetch(`${h.app.url}/metrics`)).text();
    expect(metrics).toContain('strazh_comments_received_total{platform="vk"} 3');
    // Between INTAKE_LINGER_MS and INTAKE_LINGER_MAX_MS (10–40 ms by default), in seconds.
    expect(metrics).toMatch(/^strazh_intake_linger_seconds 0\.0[1-4]\d*$/m);
    expect(metrics).toContain(
      'strazh_comments_decided_total{platform="vk",verdict="delete",outcome="delete"} 1',
    );
    expect(metrics).toContain('strazh_comments_decided_total{platform="vk",verdict="keep",outcome="keep"} 1');
    expect(metrics).toContain('strazh_category_hits_total{platform="vk",category="insult"} 1');
    expect(metrics).toContain('strazh_queue_jobs{queue="{review}",state="waiting"} 1');
    await waitFor(
      async () =>
        (await (await fetch(`${h!.app.url}/metrics`)).text()).includes(
          'strazh_platform_actions_total{platform="vk",action="delete",status="done"} 1',
        ),
      5000,
      'action metric',
    );
    const after = await (await fetch(`${h.app.url}/metrics`)).text();
    expect(after).toContain('strazh_decision_latency_seconds_count{platform="vk"} 3');
    expect(after).toContain('strazh_action_latency_seconds_count{platform="vk",action="delete"} 1');
    // Within the test's 10 s every comment was decided: all three fall in the 10 s bucket.
    expect(after).toContain('strazh_decision_latency_seconds_bucket{le="10",platform="vk"} 3');
  });

  it('a comment delivered twice through the webhook yields one decision and one action', async () => {
    const rec = recorder();
    h = await startHarness('twice', { observers: [rec.observer] });
    const hook = `${h.app.url}/webhooks/vk/test-vk`;
    const event = h.vk.wallReply({ id: 55, fromId: 9, text: OBSCENE, secret: 'cb-secret' });
    expect(await VkEmulator.deliver(hook, event)).toEqual({ status: 200, body: 'ok' });
    await waitFor(() => h!.vk.deleteCalls().length === 1, 10_000, 'first delete');
    // VK redelivers the same event (after the first one was fully processed) and a second time at once.
    expect((await VkEmulator.deliver(hook, event, 1)).body).toBe('ok');
    expect((await VkEmulator.deliver(hook, { ...event, event_id: 'other-id' }, 2)).body).toBe('ok');
    await new Promise((r) => setTimeout(r, 500));
    expect(rec.decisions.length).toBe(1);
    expect(h.vk.deleteCalls().length).toBe(1);
  });

  it('an edited comment is a new revision and is moderated again', async () => {
    const rec = recorder();
    h = await startHarness('edit', { observers: [rec.observer] });
    await h.app.intake.submit(vkComment(CLEAN, { id: '7' }));
    await h.app.intake.submit(vkComment(OBSCENE, { id: '7', revision: 'e1' }));
    await waitFor(
      () => rec.decisions.length === 2 && h!.vk.deleteCalls().length === 1,
      10_000,
      'two revisions',
    );
    expect(rec.decisions.map((d) => d.outcome).sort()).toEqual(['delete', 'keep']);
  });

  it('an act batch: a permanent failure of one action goes to the dead letter, the others are done', async () => {
    const rec = recorder();
    const dead: string[] = [];
    h = await startHarness('batch-permanent', {
      observers: [rec.observer, { onDeadLetter: async (_q, id) => void dead.push(id ?? '') }],
    });
    h.vk.failNext('wall.deleteComment', 15); // whichever action comes first is refused for good
    await h.app.intake.submitMany(['61', '62', '63'].map((id) => vkComment(OBSCENE, { id })));
    await waitFor(() => dead.length === 1 && h!.vk.deleted.size === 2, 10_000, 'two done, one dead');
    const q = h.app.queues.act.get('vk')!;
    const job = await actJobOf(q, 'vk:test-vk:61', 'delete');
    expect(job?.name).toBe('batch');
    await waitFor(async () => (await job?.getState()) === 'completed', 5000, 'batch completed');
    expect(h.vk.deleteCalls()).toHaveLength(3);
    expect(dead[0]).toMatch(/^vk\|test-vk\|6[123]\|delete$/);
  });

  it('an act batch retried after a transient failure does not repeat the actions already done', async () => {
    h = await startHarness('batch-transient');
    h.vk.failNext('wall.deleteComment', 10); // one action fails once; the batch is retried
    await h.app.intake.submitMany(['71', '72', '73'].map((id) => vkComment(OBSCENE, { id })));
    await waitFor(() => h!.vk.deleted.size === 3, 10_000, 'all three deleted');
    const q = h.app.queues.act.get('vk')!;
    await waitFor(
      async () => (await actJobState(q, 'vk:test-vk:71', 'delete')) === 'completed',
      5000,
      'batch',
    );
    expect((await actJobOf(q, 'vk:test-vk:71', 'delete'))?.attemptsMade).toBe(2);
    const perComment = new Map<string, number>();
    for (const c of h.vk.deleteCalls())
      perComment.set(c.params.comment_id ?? '', (perComment.get(c.params.comment_id ?? '') ?? 0) + 1);
    // Four calls: three first tries (one refused) and the refused one again; no done action repeated.
    expect([...perComment.values()].sort()).toEqual([1, 1, 2]);
  });

  it('retries an action that fails with a transient error, then succeeds', async () => {
    h = await startHarness('transient');
    h.vk.failNext('wall.deleteComment', 10, 2); // VK "internal server error" twice
    await h.app.intake.submit(vkComment(OBSCENE, { id: '21' }));
    const q = h.app.queues.act.get('vk')!;
    await waitFor(
      async () => (await actJobState(q, 'vk:test-vk:21', 'delete')) === 'completed',
      10_000,
      'act job completed',
    );
    const job = await actJobOf(q, 'vk:test-vk:21', 'delete');
    expect(job?.attemptsMade).toBe(3);
    expect(h.vk.deleteCalls().length).toBe(3);
    expect(h.vk.deleted.has('wall:21')).toBe(true);
  });

  it('a rate limit (VK error 6) waits and retries without using up attempts', async () => {
    h = await startHarness('ratelimit', { env: { ACT_ATTEMPTS: '1' } });
    h.vk.failNext('wall.deleteComment', 6, 2);
    await h.app.intake.submit(vkComment(OBSCENE, { id: '31' }));
    const q = h.app.queues.act.get('vk')!;
    await waitFor(
      async () => (await actJobState(q, 'vk:test-vk:31', 'delete')) === 'completed',
      15_000,
      'done',
    );
    expect(h.vk.deleted.has('wall:31')).toBe(true);
    const calls = h.vk.deleteCalls();
    expect(calls.length).toBe(3);
    expect(calls[2]!.at - calls[0]!.at).toBeGreaterThanOrEqual(2000);
  });

  it('a permanent error sends the action to the dead letter, without retries, logged at error level', async () => {
    const dead: string[] = [];
    h = await startHarness('permanent', {
      observers: [{ onDeadLetter: async (queue, jobId) => void dead.push(`${queue}/${jobId}`) }],
    });
    h.vk.failNext('wall.deleteComment', 15); // access denied
    await h.app.intake.submit(vkComment(OBSCENE, { id: '41' }));
    const q = h.app.queues.act.get('vk')!;
    const jobId = jobIdFor('vk:test-vk:41', 'delete');
    await waitFor(() => dead.length === 1, 10_000, 'dead-letter hook');
    // The action failed for good; its act batch (the moderate job's) finished after one attempt.
    await waitFor(
      async () => (await actJobState(q, 'vk:test-vk:41', 'delete')) === 'completed',
      5000,
      'batch done',
    );
    expect((await actJobOf(q, 'vk:test-vk:41', 'delete'))?.attemptsMade).toBe(1);
    expect(h.vk.deleteCalls().length).toBe(1);
    expect(dead).toEqual([`${actQueueName('vk')}/${jobId}`]);
    const logged = h.lines.find((l) => l.level === PINO_ERROR && l.msg.startsWith('dead-letter'));
    expect(logged).toMatchObject({ key: 'vk:test-vk:41', action: 'delete' });
  });

  it('review mode sends would-be deletions to people; shadow mode acts on nothing', async () => {
    const rec = recorder();
    h = await startHarness('review-mode', { mode: 'review', observers: [rec.observer] });
    await h.app.intake.submit(vkComment(OBSCENE, { id: '51' }));
    await waitFor(() => rec.decisions.length === 1, 10_000, 'decision');
    expect(rec.decisions[0]).toMatchObject({ outcome: 'review', verdict: { verdict: 'delete' } });
    await h.stop();

    const rec2 = recorder();
    h = await startHarness('shadow-mode', { mode: 'shadow', observers: [rec2.observer] });
    await h.app.intake.submit(vkComment(OBSCENE, { id: '52' }));
    await waitFor(() => rec2.decisions.length === 1, 10_000, 'decision');
    expect(rec2.decisions[0]).toMatchObject({ outcome: 'keep', verdict: { verdict: 'delete' } });
    expect(await h.app.queues.review.getWaitingCount()).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.vk.deleteCalls().length).toBe(0);
  });
});
