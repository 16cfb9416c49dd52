import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VkEmulator } from '../../emulators/vk-emulator.ts';
import { boot, CLEAN, OBSCENE, sleep, waitFor, type Booted } from '../helpers/platform-daemon.ts';
import { actQueueName } from '../../queues/names.ts';

const GROUP = 100000001;
const SECRET = 'cb-secret';
const env = { VK_C: 'community-tkn', VK_U: 'user-tkn', VK_S: SECRET, VK_CONF: 'a1b2c3' };
const yaml = (api: string, mode = 'enforce') => `accounts:
  - id: nr-vk
    title: Администрация Нерюнгринского района
    platform: vk
    mode: ${mode}
    api_base_url: ${api}
    ban_days: 30
    platform_ids: { group_id: ${GROUP} }
    tokens: { community: VK_C, user: VK_U }
    callback: { secret: VK_S, confirmation: VK_CONF }
`;

describe('VK Callback API through the daemon', () => {
  let vk: VkEmulator;
  let d: Booted;
  let hook: string;
  const start = async (mode = 'enforce', roles?: string) => {
    d = await boot(yaml(vk.apiBaseUrl, mode), env, { roles });
    hook = `${d.app.url}/webhooks/vk/nr-vk`;
  };

  beforeEach(async () => {
    vk = await new VkEmulator({ groupId: GROUP, communityToken: env.VK_C, userToken: env.VK_U }).start();
  });
  afterEach(async () => {
    await d?.stop();
    await vk.close();
  });

  it('answers the confirmation string and queues a comment in {moderate} before saying ok', async () => {
    await start('enforce', 'http');
    const conf = await VkEmulator.deliver(hook, { type: 'confirmation', group_id: GROUP, secret: SECRET });
    expect(conf).toEqual({ status: 200, body: 'a1b2c3' });
    const r = await VkEmulator.deliver(
      hook,
      vk.wallReply({ id: 7, fromId: 123, text: OBSCENE, secret: SECRET }),
    );
    expect(r).toEqual({ status: 200, body: 'ok' });
    const waiting = await d.app.intake.waitingComments();
    expect(waiting.map((c) => [c.commentId, c.kind, c.objectId])).toEqual([['7', 'wall_comment', '1']]);
  });

  it('deletes an obscene comment with exactly one wall.deleteComment, keeps a clean one', async () => {
    await start();
    await VkEmulator.deliverUntilOk(
      hook,
      vk.wallReply({ id: 7, fromId: 123, text: OBSCENE, secret: SECRET }),
    );
    await VkEmulator.deliverUntilOk(hook, vk.wallReply({ id: 8, fromId: 124, text: CLEAN, secret: SECRET }));
    await waitFor(
      () => d.rec.done.length === 1 && d.rec.decisions.length === 2,
      10_000,
      'decisions and delete',
    );
    await sleep(200);
    expect(vk.deleteCalls()).toEqual([
      expect.objectContaining({
        method: 'wall.deleteComment',
        params: { v: '5.199', owner_id: `-${GROUP}`, comment_id: '7' },
        token: env.VK_U,
      }),
    ]);
  });

  it('drops a redelivered event_id (X-Retry-Counter) and a duplicate comment: one call', async () => {
    await start();
    const ev = vk.wallReply({ id: 9, fromId: 123, text: OBSCENE, secret: SECRET });
    expect((await VkEmulator.deliver(hook, ev)).body).toBe('ok');
    expect((await VkEmulator.deliver(hook, ev, 1)).body).toBe('ok');
    // Same comment under a new event_id (VK does not promise one id per comment).
    expect((await VkEmulator.deliver(hook, { ...ev, event_id: 'other' })).body).toBe('ok');
    await waitFor(() => d.rec.done.length === 1, 10_000, 'delete');
    await sleep(300);
    expect(vk.callsOf('wall.deleteComment')).toHaveLength(1);
    expect(d.rec.decisions).toHaveLength(1);
  });

  it('rejects a wrong secret (403), a malformed body (400) and an unknown account (404), queueing nothing', async () => {
    await start('enforce', 'http');
    const forged = await VkEmulator.deliver(
      hook,
      vk.wallReply({ id: 1, fromId: 5, text: OBSCENE, secret: 'nope' }),
    );
    expect(forged.status).toBe(403);
    const bad = await VkEmulator.deliver(hook, { type: 'wall_reply_new' });
    expect(bad.status).toBe(400);
    const notJson = await fetch(hook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":',
    });
    expect(notJson.status).toBe(400);
    const unknown = await VkEmulator.deliver(
      `${d.app.url}/webhooks/vk/nobody`,
      vk.wallReply({ id: 1, fromId: 5, text: OBSCENE, secret: SECRET }),
    );
    expect(unknown.status).toBe(404);
    expect(await d.app.intake.queue.getJobCounts()).toMatchObject({ waiting: 0, delayed: 0, active: 0 });
  });

  it('maps every comment kind to its delete method and deletes a user post with wall.delete', async () => {
    await start();
    const base = { from_id: 55, date: 1_700_000_000, text: OBSCENE };
    const events = [
      vk.event('photo_comment_new', { ...base, id: 31, photo_id: 456, photo_owner_id: -GROUP }, SECRET),
      vk.event('video_comment_new', { ...base, id: 32, video_id: 457, video_owner_id: -GROUP }, SECRET),
      vk.event('board_post_new', { ...base, id: 33, topic_id: 458, topic_owner_id: -GROUP }, SECRET),
      vk.event('market_comment_new', { ...base, id: 34, item_id: 459, market_owner_id: -GROUP }, SECRET),
      vk.wallPost({ id: 35, fromId: 55, text: OBSCENE, secret: SECRET }),
    ];
    for (const e of events) expect((await VkEmulator.deliver(hook, e)).body).toBe('ok');
    await waitFor(() => d.rec.done.length === 5, 10_000, 'five deletions');
    const calls = vk
      .deleteCalls()
      .map((c) => [
        c.method,
        c.params.comment_id ?? c.params.post_id,
        c.params.group_id ?? c.params.owner_id,
      ]);
    expect(calls.sort()).toEqual(
      [
        ['photos.deleteComment', '31', `-${GROUP}`],
        ['video.deleteComment', '32', `-${GROUP}`],
        ['board.deleteComment', '33', String(GROUP)],
        ['market.deleteComment', '34', `-${GROUP}`],
        ['wall.delete', '35', `-${GROUP}`],
      ].sort(),
    );
  });

  it("skips the community's replies and reports its own posts through onAccountPost", async () => {
    await start();
    await VkEmulator.deliver(hook, vk.wallReply({ id: 40, fromId: -GROUP, text: OBSCENE, secret: SECRET }));
    const post = vk.wallPost({
      id: 41,
      fromId: -GROUP,
      text: 'График приёма граждан',
      secret: SECRET,
      date: 1_700_000_100,
    });
    await VkEmulator.deliver(hook, post);
    await VkEmulator.deliver(hook, post, 1);
    await waitFor(() => d.rec.posts.length === 1, 10_000, 'account post');
    await sleep(200);
    expect(d.rec.posts).toEqual([
      { accountId: 'nr-vk', postId: '41', publishedAt: new Date(1_700_000_100_000) },
    ]);
    expect(d.rec.decisions).toHaveLength(0);
  });

  it('backs off on error 6 and retries until done', async () => {
    await start();
    vk.failNext('wall.deleteComment', 6);
    await VkEmulator.deliver(hook, vk.wallReply({ id: 50, fromId: 1, text: OBSCENE, secret: SECRET }));
    await waitFor(() => d.rec.done.length === 1, 10_000, 'delete after rate limit');
    const calls = vk.callsOf('wall.deleteComment');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('sends a permanent error (15) to the failed state without retrying', async () => {
    await start();
    vk.failNext('wall.deleteComment', 15);
    await VkEmulator.deliver(hook, vk.wallReply({ id: 51, fromId: 1, text: OBSCENE, secret: SECRET }));
    await waitFor(() => d.rec.failed.some((f) => f.final), 10_000, 'final failure');
    await waitFor(() => d.rec.dead.length === 1, 5000, 'dead letter');
    expect(d.rec.dead.map((x) => x.queue)).toEqual([actQueueName('vk')]);
    expect(vk.callsOf('wall.deleteComment')).toHaveLength(1);
  });

  it('loses nothing when VK answers 5xx for a while', async () => {
    await start();
    vk.failNext('wall.deleteComment', 'html', 2);
    await VkEmulator.deliver(hook, vk.wallReply({ id: 52, fromId: 1, text: OBSCENE, secret: SECRET }));
    await waitFor(() => d.rec.done.length === 1, 20_000, 'delete after outage');
    expect(vk.deleted.has('wall:52')).toBe(true);
  });
});
