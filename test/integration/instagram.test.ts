import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphEmulator, instagramPayloads as ig } from '../../emulators/graph-emulator.ts';
import { boot, CLEAN, OBSCENE, sleep, waitFor, type Booted } from '../helpers/platform-daemon.ts';
import { actQueueName } from '../../queues/names.ts';

const IG_USER = '17841405726653026';
const env = { IG_TOKEN: 'ig-token', IG_SECRET: 'ig-app-secret', IG_VERIFY: 'ig-verify' };
const yaml = (api: string, mode = 'enforce') => `accounts:
  - id: nr-ig
    title: Администрация Нерюнгринского района
    platform: instagram
    login: instagram
    mode: ${mode}
    hide_while_review: true
    api_base_url: ${api}
    rate_limit_wait_s: 0.5
    platform_ids: { ig_user_id: ${IG_USER} }
    tokens: { access_token: IG_TOKEN, app_secret: IG_SECRET, verify_token: IG_VERIFY }
`;

describe('Instagram webhooks and comment moderation through the daemon', () => {
  let graph: GraphEmulator;
  let d: Booted;
  let hook: string;
  const start = async (mode?: string, roles?: string) => {
    d = await boot(yaml(graph.url, mode), env, { roles });
    hook = `${d.app.url}/webhooks/instagram`;
  };
  const send = (body: unknown) => GraphEmulator.deliver(hook, body, env.IG_SECRET);

  beforeEach(async () => {
    graph = await new GraphEmulator({ accessTokens: [env.IG_TOKEN], businessId: IG_USER }).start();
  });
  afterEach(async () => {
    await d?.stop();
    await graph.close();
  });

  it('verifies, and queues comments from both payload layouts and live comments', async () => {
    await start('enforce', 'http');
    expect(await GraphEmulator.verify(hook, env.IG_VERIFY)).toEqual({ status: 200, body: '1158201444' });
    await send(ig.notification(IG_USER, [ig.comment({ id: '1', fromId: '9', text: CLEAN })]));
    await send(
      ig.flatNotification(IG_USER, ig.comment({ id: '2', fromId: '9', text: CLEAN, idField: 'comment_id' })),
    );
    await send(ig.notification(IG_USER, [ig.comment({ id: '3', fromId: '9', text: CLEAN, live: true })]));
    const waiting = await d.app.intake.waitingComments();
    expect(waiting.map((c) => [c.commentId, c.kind, c.objectId]).sort()).toEqual([
      ['1', 'media_comment', '123123123'],
      ['2', 'media_comment', '123123123'],
      ['3', 'live_comment', '123123123'],
    ]);
  });

  it('rejects a forged signature and a Facebook-shaped body, queueing nothing', async () => {
    await start('enforce', 'http');
    const body = ig.notification(IG_USER, [ig.comment({ id: '1', fromId: '9', text: OBSCENE })]);
    expect((await GraphEmulator.deliver(hook, body, env.IG_SECRET, { forge: true })).status).toBe(403);
    expect((await send({ ...body, object: 'page' })).status).toBe(400);
    expect(await d.app.intake.queue.getJobCounts()).toMatchObject({ waiting: 0 });
  });

  it('deletes an obscene comment once, keeps a clean one, skips its own comments and duplicates', async () => {
    await start();
    const bad = ig.notification(IG_USER, [
      ig.comment({ id: '10', fromId: '9', text: OBSCENE }),
      ig.comment({ id: '11', fromId: '8', text: CLEAN }),
      ig.comment({ id: '12', fromId: IG_USER, text: OBSCENE }),
    ]);
    expect(await send(bad)).toEqual({ status: 200, body: 'EVENT_RECEIVED' });
    expect((await send(bad)).status).toBe(200);
    await waitFor(() => d.rec.done.length === 1 && d.rec.decisions.length === 2, 10_000, 'decisions');
    await sleep(300);
    expect(graph.calls.map((c) => [c.method, c.path, c.token])).toEqual([['DELETE', '10', env.IG_TOKEN]]);
  });

  it('hides with hide=true while a moderator reviews', async () => {
    await start('review');
    await send(ig.notification(IG_USER, [ig.comment({ id: '20', fromId: '9', text: OBSCENE })]));
    await waitFor(() => d.rec.done.length === 1, 10_000, 'hide');
    expect(graph.calls.map((c) => [c.method, c.path, c.params])).toEqual([['POST', '20', { hide: 'true' }]]);
    expect(graph.hidden.has('20')).toBe(true);
  });

  it('retries after a rate limit (4) with a regain time; a 100 error fails for good', async () => {
    await start();
    graph.failNext('DELETE', { code: 4 });
    graph.failNext('DELETE 31', { code: 100 });
    await send(
      ig.notification(IG_USER, [
        ig.comment({ id: '30', fromId: '9', text: OBSCENE }),
        ig.comment({ id: '31', fromId: '9', text: OBSCENE }),
      ]),
    );
    await waitFor(
      () => d.rec.done.length === 1 && d.rec.failed.some((f) => f.final),
      20_000,
      'one done, one failed',
    );
    expect(graph.deleted.has('30')).toBe(true);
    expect(graph.deleted.has('31')).toBe(false);
    await waitFor(() => d.rec.dead.length === 1, 5000, 'dead letter');
    expect(d.rec.dead.map((x) => x.queue)).toEqual([actQueueName('instagram')]);
  });
});
