import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VkEmulator } from '../../emulators/vk-emulator.ts';
import { boot, CLEAN, OBSCENE, sleep, waitFor, type Booted } from '../helpers/platform-daemon.ts';

const GROUP = 100000002;
const env = { VK_C: 'community-tkn', VK_U: 'user-tkn' };
const yaml = (api: string) => `accounts:
  - id: nr-vk-lp
    title: Администрация Нерюнгринского района
    platform: vk
    mode: enforce
    api_base_url: ${api}
    platform_ids: { group_id: ${GROUP} }
    tokens: { community: VK_C, user: VK_U }
    callback: { long_poll: true }
`;

describe('VK Bots Long Poll through real vk-io', () => {
  let vk: VkEmulator;
  let d: Booted;
  beforeEach(async () => {
    vk = await new VkEmulator({ groupId: GROUP, communityToken: env.VK_C, userToken: env.VK_U }).start();
    d = await boot(yaml(vk.apiBaseUrl), env);
  });
  afterEach(async () => {
    await d.stop();
    await vk.close();
  });

  it('asks for the group long poll server with the community token and polls it', async () => {
    const [call] = vk.callsOf('groups.getLongPollServer');
    expect(call).toMatchObject({ params: { group_id: String(GROUP) }, token: env.VK_C });
    await waitFor(() => vk.lpRequests.length > 0, 10_000, 'first a_check');
    expect(vk.lpRequests[0]).toMatchObject({ key: 'k1', wait: '25' });
  });

  it('deletes an obscene comment that arrives by long poll, keeps a clean one', async () => {
    vk.pushLongPoll(
      vk.wallReply({ id: 7, fromId: 123, text: OBSCENE }),
      vk.wallReply({ id: 8, fromId: 124, text: CLEAN }),
    );
    await waitFor(() => d.rec.done.length === 1 && d.rec.decisions.length === 2, 10_000, 'decisions');
    await sleep(200);
    expect(vk.deleteCalls().map((c) => [c.method, c.params.comment_id, c.token])).toEqual([
      ['wall.deleteComment', '7', env.VK_U],
    ]);
  });

  it('survives failed 1, 2 and 3 and keeps delivering', async () => {
    vk.failLongPoll(1, 2, 3);
    await waitFor(
      () => vk.callsOf('groups.getLongPollServer').length >= 3,
      15_000,
      'two re-fetches of the server',
    );
    vk.pushLongPoll(vk.wallReply({ id: 9, fromId: 123, text: OBSCENE }));
    await waitFor(() => d.rec.done.length === 1, 15_000, 'delete after failures');
    // failed:2 rotated the key; later polls use the new one.
    expect(vk.lpRequests.at(-1)?.key).toBe('k2');
  });

  // Regression: vk-io took the server's current ts after failed:2, so the comments that came while the
  // key was being renewed were never read (VK keeps them for the old ts with the new key).
  it('a comment that comes as the key expires is read with the new key from the old position', async () => {
    await sleep(300);
    const calls = vk.callsOf('groups.getLongPollServer').length;
    vk.expireLongPollKey();
    vk.pushLongPoll(vk.wallReply({ id: 11, fromId: 125, text: OBSCENE }));
    await waitFor(() => vk.callsOf('groups.getLongPollServer').length > calls, 10_000, 'new key');
    await waitFor(() => d.rec.done.length === 1, 15_000, 'delete of the comment');
    expect(vk.callsOf('wall.deleteComment').map((c) => c.params.comment_id)).toEqual(['11']);
  });

  it('the same comment delivered twice is deleted once', async () => {
    const ev = vk.wallReply({ id: 10, fromId: 123, text: OBSCENE });
    vk.pushLongPoll(ev);
    vk.pushLongPoll({ ...ev, event_id: 'again' });
    await waitFor(() => d.rec.done.length === 1, 10_000, 'delete');
    await sleep(300);
    expect(vk.callsOf('wall.deleteComment')).toHaveLength(1);
  });

  it('resumes from the saved position after a restart: events sent while down are not lost', async () => {
    vk.pushLongPoll(vk.wallReply({ id: 20, fromId: 123, text: OBSCENE }));
    await waitFor(() => d.rec.done.length === 1, 10_000, 'first delete');
    await sleep(100);
    d = await d.restart(() => {
      vk.pushLongPoll(vk.wallReply({ id: 21, fromId: 124, text: OBSCENE }));
    });
    await waitFor(() => d.rec.done.length === 1, 10_000, 'delete of the comment sent while down');
    await sleep(300);
    expect(vk.callsOf('wall.deleteComment').map((c) => c.params.comment_id)).toEqual(['20', '21']);
  });

  it('shuts down promptly while a poll request is held open', async () => {
    vk.lpHoldMs = 20_000;
    await sleep(700);
    const t0 = Date.now();
    await d.stop();
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});
