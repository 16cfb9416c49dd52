import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FacebookActions } from '../../adapters/facebook/facebook-actions.ts';
import { MemoryStepMemo } from '../../adapters/step-memo.ts';
import { parseAccounts, type FacebookAccount } from '../../config/accounts.ts';
import { facebookPayloads as fb, GraphEmulator } from '../../emulators/graph-emulator.ts';
import { boot, CLEAN, OBSCENE, sleep, waitFor, type Booted } from '../helpers/platform-daemon.ts';
import { actQueueName } from '../../queues/names.ts';

const PAGE = '1234567890321';
const env = { FB_TOKEN: 'page-token', FB_SECRET: 'app-secret', FB_VERIFY: 'meatyhamhock' };
const yaml = (api: string, extra = '', mode = 'enforce') => `accounts:
  - id: nr-fb
    title: Администрация Нерюнгринского района
    platform: facebook
    mode: ${mode}
    api_base_url: ${api}
    rate_limit_wait_s: 0.5
    platform_ids: { page_id: ${PAGE} }
    tokens: { access_token: FB_TOKEN, app_secret: FB_SECRET, verify_token: FB_VERIFY }
${extra}`;

describe('Facebook Page webhooks and Graph actions through the daemon', () => {
  let graph: GraphEmulator;
  let d: Booted;
  let hook: string;
  const start = async (roles?: string, extra = '', mode?: string) => {
    d = await boot(yaml(graph.url, extra, mode), env, { roles });
    hook = `${d.app.url}/webhooks/facebook`;
  };
  const send = (changes: unknown[]) =>
    GraphEmulator.deliver(hook, fb.notification([{ pageId: PAGE, changes }]), env.FB_SECRET);

  beforeEach(async () => {
    graph = await new GraphEmulator({ accessTokens: [env.FB_TOKEN], businessId: PAGE }).start();
  });
  afterEach(async () => {
    await d?.stop();
    await graph.close();
  });

  it('answers the verification handshake only with the right token', async () => {
    await start('http');
    expect(await GraphEmulator.verify(hook, env.FB_VERIFY)).toEqual({ status: 200, body: '1158201444' });
    expect((await GraphEmulator.verify(hook, 'wrong')).status).toBe(403);
  });

  it('queues a signed comment in {moderate}; a forged signature or malformed body queues nothing', async () => {
    await start('http');
    const body = fb.notification([
      {
        pageId: PAGE,
        changes: [fb.comment({ pageId: PAGE, commentId: '901_903', fromId: '55', message: OBSCENE })],
      },
    ]);
    expect((await GraphEmulator.deliver(hook, body, env.FB_SECRET, { forge: true })).status).toBe(403);
    // Same JSON, different bytes (re-serialised with spaces): the signature is over the raw bytes sent.
    expect(
      (await GraphEmulator.deliver(hook, body, env.FB_SECRET, { rawBody: JSON.stringify(body, null, 1) }))
        .status,
    ).toBe(200);
    expect((await GraphEmulator.deliver(hook, { object: 'page' }, env.FB_SECRET)).status).toBe(400);
    expect((await GraphEmulator.deliver(hook, null, env.FB_SECRET, { rawBody: '{"object":' })).status).toBe(
      400,
    );
    const unsigned = await fetch(hook, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(unsigned.status).toBe(400);
    expect(
      (await GraphEmulator.deliver(hook, fb.notification([{ pageId: '999', changes: [] }]), env.FB_SECRET))
        .status,
    ).toBe(404);
    const waiting = await d.app.intake.waitingComments();
    expect(waiting.map((c) => [c.commentId, c.kind, c.objectId, c.author.id])).toEqual([
      ['901_903', 'page_comment', `${PAGE}_901097836652708`, '55'],
    ]);
  });

  it('deletes an obscene comment with one DELETE, keeps a clean one, skips the Page and removal echoes', async () => {
    await start();
    const r = await send([
      fb.comment({ pageId: PAGE, commentId: '1_1', fromId: '55', message: OBSCENE }),
      fb.comment({ pageId: PAGE, commentId: '1_2', fromId: '56', message: CLEAN }),
      fb.comment({ pageId: PAGE, commentId: '1_3', fromId: PAGE, message: OBSCENE }),
    ]);
    expect(r).toEqual({ status: 200, body: 'EVENT_RECEIVED' });
    await waitFor(() => d.rec.done.length === 1 && d.rec.decisions.length === 2, 10_000, 'decisions');
    // The platform echoes our deletion back; it must not be moderated again.
    await send([fb.comment({ pageId: PAGE, commentId: '1_1', fromId: '55', verb: 'remove' })]);
    await sleep(300);
    expect(graph.calls.map((c) => [c.method, c.path, c.token])).toEqual([['DELETE', '1_1', env.FB_TOKEN]]);
    expect(d.rec.decisions).toHaveLength(2);
  });

  it('processes every entry and change of a batched delivery', async () => {
    await start();
    const body = fb.notification([
      {
        pageId: PAGE,
        changes: [
          fb.comment({ pageId: PAGE, commentId: '7_1', fromId: '55', message: OBSCENE }),
          fb.comment({ pageId: PAGE, commentId: '7_2', fromId: '56', message: OBSCENE }),
        ],
      },
      {
        pageId: '999',
        changes: [fb.comment({ pageId: '999', commentId: '7_9', fromId: '57', message: OBSCENE })],
      },
      {
        pageId: PAGE,
        changes: [fb.comment({ pageId: PAGE, commentId: '7_3', fromId: '58', message: OBSCENE })],
      },
    ]);
    expect((await GraphEmulator.deliver(hook, body, env.FB_SECRET)).status).toBe(200);
    await waitFor(() => d.rec.done.length === 3, 10_000, 'three deletions');
    expect(
      graph
        .callsTo('DELETE')
        .map((c) => c.path)
        .sort(),
    ).toEqual(['7_1', '7_2', '7_3']);
  });

  it('an edit is moderated again; a duplicate delivery is one job', async () => {
    await start();
    const add = fb.comment({ pageId: PAGE, commentId: '2_1', fromId: '55', message: CLEAN });
    await send([add]);
    await send([add]);
    await send([
      fb.comment({ pageId: PAGE, commentId: '2_1', fromId: '55', message: OBSCENE, verb: 'edited' }),
    ]);
    await send([
      fb.comment({ pageId: PAGE, commentId: '2_1', fromId: '55', message: OBSCENE, verb: 'edited' }),
    ]);
    await waitFor(() => d.rec.done.length === 1, 10_000, 'delete of the edit');
    await sleep(300);
    expect(d.rec.decisions).toHaveLength(2);
    expect(graph.callsTo('DELETE')).toHaveLength(1);
  });

  it('hides instead while a review is pending when the account asks for it', async () => {
    await start(undefined, '    hide_while_review: true\n', 'review');
    await send([fb.comment({ pageId: PAGE, commentId: '3_1', fromId: '55', message: OBSCENE })]);
    await waitFor(() => d.rec.done.length === 1, 10_000, 'hide');
    expect(graph.calls.map((c) => [c.method, c.path, c.params])).toEqual([
      ['POST', '3_1', { is_hidden: 'true' }],
    ]);
    expect(await d.app.queues.review.getWaitingCount()).toBe(1);
  });

  it('backs off on Graph rate limits (4, 17, 32, 613) and 5xx, then finishes', async () => {
    await start();
    graph.failNext('DELETE', { code: 32 });
    graph.failNext('DELETE', { code: 613 });
    graph.failNext('DELETE', { status: 503 });
    await send([fb.comment({ pageId: PAGE, commentId: '4_1', fromId: '55', message: OBSCENE })]);
    await waitFor(() => d.rec.done.length === 1, 20_000, 'delete after throttling');
    const deletes = graph.callsTo('DELETE', '4_1');
    expect(deletes).toHaveLength(4);
    expect(graph.deleted.has('4_1')).toBe(true);
  });

  it('an expired token (190) fails the action for good', async () => {
    await start();
    graph.failNext('DELETE', { code: 190 });
    await send([fb.comment({ pageId: PAGE, commentId: '5_1', fromId: '55', message: OBSCENE })]);
    await waitFor(() => d.rec.failed.some((f) => f.final), 10_000, 'final failure');
    await waitFor(() => d.rec.dead.length === 1, 5000, 'dead letter');
    expect(d.rec.dead.map((x) => x.queue)).toEqual([actQueueName('facebook')]);
    expect(graph.callsTo('DELETE')).toHaveLength(1);
  });

  it('delete_and_ban blocks the author; a retry after a failed block does not delete again', async () => {
    await start('http');
    // The act path, driven directly: a block that fails once must not make the retry delete twice.
    const comment = {
      platform: 'facebook' as const,
      accountId: 'nr-fb',
      commentId: '6_1',
      objectId: `${PAGE}_6`,
      ownerId: PAGE,
      kind: 'page_comment' as const,
      author: { id: '77', name: '' },
      text: OBSCENE,
      createdAt: new Date().toISOString(),
      receivedAt: 0,
    };
    const acc = parseAccounts('a', yaml(graph.url)).accounts[0] as FacebookAccount;
    const actions = new FacebookActions(acc, env.FB_TOKEN, new MemoryStepMemo());
    const job = {
      key: 'facebook:nr-fb:6_1',
      comment: { ...comment, permalink: '' },
      action: 'delete_and_ban' as const,
      banDays: 0,
      reason: '',
      requestedBy: { kind: 'auto' as const },
    };
    graph.failNext('blocked', { status: 500 });
    // The delete went through: the failure says so (`/undo` must not take the comment for untouched).
    await expect(actions.perform(job)).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringContaining('DELETE comment done; block failed'),
      stepsDone: ['delete'],
    });
    await expect(actions.perform(job)).resolves.toMatchObject({ status: 'done' });
    expect(graph.callsTo('DELETE')).toHaveLength(1);
    expect(graph.blocked.has('77')).toBe(true);
    // Regression: a comment already gone (its author deleted it while it waited in review) ended the
    // action with «gone» before the block — the author stayed unblocked and the action counted as done.
    const gone = {
      ...job,
      key: 'facebook:nr-fb:6_2',
      comment: { ...job.comment, commentId: '6_2', author: { id: '78', name: '' } },
    };
    graph.deleted.add('6_2');
    await expect(actions.perform(gone)).resolves.toEqual({
      status: 'done',
      detail: 'comment already deleted+POST page/blocked',
      manualUrl: undefined,
    });
    expect(graph.blocked.has('78')).toBe(true);
    await expect(actions.perform({ ...job, action: 'restore' })).rejects.toMatchObject({ kind: 'gone' });
    // The undo: the Page unblocks the author (the edge's DELETE with `user`); the comment cannot return.
    await expect(actions.perform({ ...job, action: 'unban' })).resolves.toEqual({
      status: 'done',
      detail: 'DELETE page/blocked',
    });
    expect(graph.callsTo('DELETE', `${PAGE}/blocked`).map((c) => c.params)).toEqual([{ user: '77' }]);
    expect(graph.blocked.has('77')).toBe(false);
    await expect(actions.perform({ ...job, action: 'restore_and_unban' })).resolves.toMatchObject({
      status: 'unsupported',
      detail: expect.stringContaining('cannot restore'),
    });
    // A comment whose author the webhook did not name cannot be unblocked through the API.
    const anonymous = {
      ...job,
      action: 'unban' as const,
      comment: { ...job.comment, author: { id: 'unknown', name: '' } },
    };
    await expect(actions.perform(anonymous)).resolves.toMatchObject({
      status: 'unsupported',
      manualUrl: expect.stringContaining('people_and_other_pages'),
    });
  });
});
