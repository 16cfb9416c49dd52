import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../../adapters/platform-error.ts';
import { MemoryStepMemo, RedisStepMemo } from '../../adapters/step-memo.ts';
import { VkActions } from '../../adapters/vk/vk-actions.ts';
import { parseAccounts, resolveSecrets, type VkAccount } from '../../config/accounts.ts';
import { ConfigError } from '../../config/config-error.ts';
import type { CommentKind } from '../../core/comment.ts';
import { parseExecuteCode, VkEmulator } from '../../emulators/vk-emulator.ts';
import type { ActJob } from '../../queues/payloads.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { REDIS_URL } from '../helpers/platform-daemon.ts';

const GROUP = 200;
const account = (api: string, extra = ''): VkAccount =>
  parseAccounts(
    'a.yaml',
    `accounts:
  - id: nr-vk
    title: t
    platform: vk
    api_base_url: ${api}
    platform_ids: { group_id: ${GROUP} }
    tokens: { community: VK_C, user: VK_U }
${extra}`,
  ).accounts[0] as VkAccount;

const job = (
  action: ActJob['action'],
  kind: CommentKind = 'wall_comment',
  extra: Partial<ActJob> = {},
): ActJob => ({
  key: `vk:nr-vk:${randomUUID()}`,
  action,
  banDays: 30,
  reason: 'Нецензурная брань',
  requestedBy: { kind: 'moderator', id: '1', name: 'Анна' },
  comment: {
    platform: 'vk',
    accountId: 'nr-vk',
    commentId: '77',
    objectId: '5',
    ownerId: `-${GROUP}`,
    kind,
    author: { id: '123', name: '' },
    text: 'x',
    createdAt: new Date().toISOString(),
    permalink: '',
    receivedAt: 0,
  },
  ...extra,
});

describe('VK actions against the emulator', () => {
  let vk: VkEmulator;
  let redis: Redis;
  let prefix: string;
  let actions: VkActions;
  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(async () => {
    vk = await new VkEmulator({ groupId: GROUP, communityToken: 'c', userToken: 'u' }).start();
    prefix = `it-${randomUUID().slice(0, 8)}`;
    actions = new VkActions(account(vk.apiBaseUrl), 'u', new RedisStepMemo(redis, prefix, 60));
  });
  afterEach(async () => {
    await vk.close();
    await deletePrefix(REDIS_URL, prefix);
  });

  it('bans with groups.ban: positive group id, end_date, reason code and comment', async () => {
    const before = Math.floor(Date.now() / 1000);
    await expect(actions.perform(job('ban'))).resolves.toEqual({ status: 'done', detail: 'groups.ban' });
    const [call] = vk.callsOf('groups.ban');
    expect(call?.params).toMatchObject({
      group_id: String(GROUP),
      owner_id: '123',
      reason: '3',
      comment: 'Нецензурная брань',
      comment_visible: '1',
    });
    const end = Number(call?.params.end_date);
    expect(end - before).toBeGreaterThanOrEqual(30 * 86_400);
    expect(end - before).toBeLessThan(30 * 86_400 + 60);
  });

  it('a permanent ban sends no end_date', async () => {
    await actions.perform(job('ban', 'wall_comment', { banDays: 0 }));
    expect(vk.callsOf('groups.ban')[0]?.params.end_date).toBeUndefined();
  });

  it('undo restores with the restore method of each kind', async () => {
    const table: [CommentKind, string, Record<string, string>][] = [
      ['wall_comment', 'wall.restoreComment', { owner_id: `-${GROUP}`, comment_id: '77' }],
      ['photo_comment', 'photos.restoreComment', { owner_id: `-${GROUP}`, comment_id: '77' }],
      ['board_comment', 'board.restoreComment', { group_id: String(GROUP), topic_id: '5', comment_id: '77' }],
      ['user_post', 'wall.restore', { owner_id: `-${GROUP}`, post_id: '77' }],
    ];
    for (const [kind, method, params] of table) {
      await expect(actions.perform(job('restore', kind))).resolves.toEqual({
        status: 'done',
        detail: method,
      });
      expect(vk.callsOf(method).at(-1)?.params).toMatchObject(params);
    }
  });

  it('delete_and_ban retried after a failed ban does not delete again', async () => {
    const j = job('delete_and_ban');
    vk.failNext('groups.ban', 10);
    await expect(actions.perform(j)).rejects.toMatchObject({ kind: 'transient', code: 10 });
    expect(vk.callsOf('wall.deleteComment')).toHaveLength(1);
    const out = await actions.perform(j);
    expect(out.detail).toContain('groups.ban');
    expect(vk.callsOf('wall.deleteComment')).toHaveLength(1);
    expect(vk.callsOf('groups.ban')).toHaveLength(2);
  });

  it('unban: groups.unban with the positive group id and the author', async () => {
    await actions.perform(job('ban'));
    await expect(actions.perform(job('unban'))).resolves.toEqual({ status: 'done', detail: 'groups.unban' });
    expect(vk.callsOf('groups.unban')[0]?.params).toMatchObject({ group_id: String(GROUP), owner_id: '123' });
    expect(vk.banned.has('123')).toBe(false);
  });

  it('restore_and_unban: unban first, then restore; a retry after a failed restore does not unban again', async () => {
    const j = job('restore_and_unban');
    vk.failNext('wall.restoreComment', 10);
    await expect(actions.perform(j)).rejects.toMatchObject({
      kind: 'transient',
      code: 10,
      message: expect.stringContaining('groups.unban done; restore failed'),
      stepsDone: ['unban'],
    });
    expect(vk.callsOf('groups.unban')).toHaveLength(1);
    await expect(actions.perform(j)).resolves.toEqual({
      status: 'done',
      detail: 'groups.unban (earlier attempt)+wall.restoreComment',
    });
    expect(vk.callsOf('groups.unban')).toHaveLength(1);
    expect(vk.callsOf('wall.restoreComment')).toHaveLength(2);
    // Done: the step mark is dropped, so a later undo of the same comment unbans again.
    await actions.perform(j);
    expect(vk.callsOf('groups.unban')).toHaveLength(2);
  });

  it('restore_and_unban of a kind VK cannot restore still unbans and says the rest is unsupported', async () => {
    await expect(actions.perform(job('restore_and_unban', 'page_comment'))).resolves.toMatchObject({
      status: 'unsupported',
      detail: expect.stringMatching(/^groups\.unban\+restore: VK cannot restore/),
    });
    expect(vk.callsOf('groups.unban')).toHaveLength(1);
  });

  it('delete_and_ban whose ban fails for good says the delete went through; a restore then clears its mark', async () => {
    const j = job('delete_and_ban');
    vk.failNext('groups.ban', 15);
    await expect(actions.perform(j)).rejects.toMatchObject({
      kind: 'permanent',
      code: 15,
      message: 'vk error 15: wall.deleteComment done; groups.ban failed: Scripted error',
      stepsDone: ['delete'],
    });
    // The undo restores what the failed request deleted; deciding again must delete again.
    await expect(actions.perform({ ...j, action: 'restore' })).resolves.toEqual({
      status: 'done',
      detail: 'wall.restoreComment',
    });
    await expect(actions.perform(j)).resolves.toEqual({
      status: 'done',
      detail: 'wall.deleteComment+groups.ban',
    });
    expect(vk.callsOf('wall.deleteComment')).toHaveLength(2);
    expect(vk.banned.has('123')).toBe(true);
  });

  it('restore_and_unban whose restore fails for good leaves no unban mark for the next undo once banned again', async () => {
    const j = job('delete_and_ban');
    await actions.perform(j);
    vk.failNext('wall.restoreComment', 15);
    await expect(actions.perform({ ...j, action: 'restore_and_unban' })).rejects.toMatchObject({
      kind: 'permanent',
      stepsDone: ['unban'],
    });
    // Decided again and undone again: the author, banned again, is unbanned again.
    await actions.perform(j);
    await actions.perform({ ...j, action: 'restore_and_unban' });
    expect(vk.callsOf('groups.unban')).toHaveLength(2);
    expect(vk.banned.has('123')).toBe(false);
  });

  it('delete_and_ban again after an undo deletes again (the step mark of the first one is gone)', async () => {
    const j = job('delete_and_ban');
    await actions.perform(j);
    await actions.perform({ ...j, action: 'restore_and_unban' });
    await actions.perform(j);
    expect(vk.callsOf('wall.deleteComment')).toHaveLength(2);
    expect(vk.callsOf('groups.ban')).toHaveLength(2);
  });

  it('maps errors: 6 and 9 rate limits, 27 permanent; error 6 does not hang', async () => {
    vk.failNext('wall.deleteComment', 6);
    const e6 = await actions.perform(job('delete')).catch((e: unknown) => e);
    expect(e6).toBeInstanceOf(PlatformError);
    expect(e6).toMatchObject({ kind: 'rate_limit', retryAfterMs: 1200 });
    vk.failNext('wall.deleteComment', 9);
    await expect(actions.perform(job('delete'))).rejects.toMatchObject({
      kind: 'rate_limit',
      retryAfterMs: 60_000,
    });
    const communityOnly = new VkActions(account(vk.apiBaseUrl), 'c', new RedisStepMemo(redis, prefix, 60));
    await expect(communityOnly.perform(job('delete'))).rejects.toMatchObject({ kind: 'permanent', code: 27 });
  });

  it('start-up names the missing user token and what it is for', () => {
    const a = account(vk.apiBaseUrl);
    let err: unknown;
    try {
      resolveSecrets(a, { VK_C: 'c' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('VK_U');
    expect((err as Error).message).toContain("community admin's USER token");
  });
});

/** `job` for comment `id`: one comment per action, as in an act batch. */
const jobFor = (
  id: string,
  action: ActJob['action'] = 'delete',
  kind: CommentKind = 'wall_comment',
): ActJob => {
  const j = job(action, kind);
  return { ...j, comment: { ...j.comment, commentId: id, author: { id: `u${id}`, name: '' } } };
};

/** Each action's outcome, or its error as `kind:code`. */
const settle = (p: Promise<{ status: string }>): Promise<string> =>
  p.then(
    (o) => o.status,
    (e: unknown) => (e instanceof PlatformError ? `${e.kind}:${e.code}` : String(e)),
  );

describe('VK actions carried in execute', () => {
  let vk: VkEmulator;
  let redis: Redis;
  let prefix: string;
  let actions: VkActions;
  const memo = () => new RedisStepMemo(redis, prefix, 60);
  const sizes = () => vk.executes.map((e) => parseExecuteCode(e.params.code ?? '')?.length);
  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(async () => {
    vk = await new VkEmulator({ groupId: GROUP, communityToken: 'c', userToken: 'u' }).start();
    prefix = `it-${randomUUID().slice(0, 8)}`;
    actions = new VkActions(account(vk.apiBaseUrl), 'u', memo());
  });
  afterEach(async () => {
    await vk.close();
    await deletePrefix(REDIS_URL, prefix);
  });

  it('30 concurrent deletes go as two execute requests (25 + 5); each comment is deleted once', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => String(1000 + i));
    const out = await Promise.all(ids.map((id) => actions.perform(jobFor(id))));
    expect(out.every((o) => o.status === 'done' && o.detail === 'wall.deleteComment')).toBe(true);
    expect(sizes()).toEqual([25, 5]);
    const deleted = vk.callsOf('wall.deleteComment').map((c) => c.params.comment_id);
    expect(deleted.sort()).toEqual(ids);
    expect([...vk.deleted].sort()).toEqual(ids.map((id) => `wall:${id}`));
    // Sub-calls carry what a plain call would: the API version, the owner and the comment.
    expect(vk.callsOf('wall.deleteComment')[0]?.params).toEqual({
      v: '5.199',
      owner_id: `-${GROUP}`,
      comment_id: '1000',
    });
    expect(vk.executes.every((e) => e.token === 'u')).toBe(true);
  });

  it('a lone call goes as a plain request', async () => {
    await actions.perform(jobFor('1'));
    expect(vk.executes).toHaveLength(0);
    expect(vk.callsOf('wall.deleteComment')).toHaveLength(1);
  });

  it('one call refused for good (15) fails only its action; the others are done', async () => {
    vk.failNext('wall.deleteComment', 15);
    const got = await Promise.all(['1', '2', '3', '4'].map((id) => settle(actions.perform(jobFor(id)))));
    expect(got).toEqual(['permanent:15', 'done', 'done', 'done']);
    expect(sizes()).toEqual([4]);
    expect(vk.deleted.has('wall:1')).toBe(false);
  });

  it('error 6 for the whole execute rate-limits every action; they are all done when retried', async () => {
    vk.failNext('execute', 6);
    const ids = ['1', '2', '3'];
    expect(await Promise.all(ids.map((id) => settle(actions.perform(jobFor(id)))))).toEqual([
      'rate_limit:6',
      'rate_limit:6',
      'rate_limit:6',
    ]);
    expect(vk.deleted.size).toBe(0);
    expect(await Promise.all(ids.map((id) => settle(actions.perform(jobFor(id)))))).toEqual([
      'done',
      'done',
      'done',
    ]);
    expect(vk.callsOf('wall.deleteComment')).toHaveLength(6);
  });

  it('a non-JSON answer to execute fails every action as transient', async () => {
    vk.failNext('execute', 'html');
    expect(await Promise.all(['1', '2'].map((id) => settle(actions.perform(jobFor(id)))))).toEqual([
      'transient:network',
      'transient:network',
    ]);
  });

  it('photos/market "already gone" (0) inside execute is already_done, as after a plain call', async () => {
    vk.deleted.add('photos:1');
    const got = await Promise.all([
      actions.perform(jobFor('1', 'delete', 'photo_comment')),
      actions.perform(jobFor('2', 'delete', 'photo_comment')),
      actions.perform(jobFor('3', 'delete', 'board_comment')),
    ]);
    expect(got.map((o) => [o.status, o.detail])).toEqual([
      ['already_done', 'photos.deleteComment'],
      ['done', 'photos.deleteComment'],
      ['done', 'board.deleteComment'],
    ]);
    expect(sizes()).toEqual([3]);
    expect(vk.callsOf('board.deleteComment')[0]?.params).toMatchObject({
      group_id: String(GROUP),
      topic_id: '5',
      comment_id: '3',
    });
  });

  it('delete_and_ban: deletes travel together, then bans; a retry after a failed ban does not delete again', async () => {
    // The memo lives in memory here: with Redis, each action's step write answers in its own socket
    // read, so a ban could miss its batch's flush and go alone — correct, but not the shape asserted.
    // (CI saw [3, 2] once.) The next test covers the memo in Redis.
    const actions = new VkActions(account(vk.apiBaseUrl), 'u', new MemoryStepMemo());
    const jobs = ['1', '2', '3'].map((id) => jobFor(id, 'delete_and_ban'));
    vk.failNext('groups.ban', 10);
    const first = await Promise.all(jobs.map((j) => settle(actions.perform(j))));
    expect(first).toEqual(['transient:10', 'done', 'done']);
    expect(sizes()).toEqual([3, 3]);
    expect(vk.callsOf('groups.ban').map((c) => c.params.owner_id)).toEqual(['u1', 'u2', 'u3']);
    expect([...vk.banned.keys()].sort()).toEqual(['u2', 'u3']);
    const retry = await actions.perform(jobs[0]!);
    expect(retry).toEqual({ status: 'done', detail: 'delete (earlier attempt)+groups.ban' });
    expect(vk.callsOf('wall.deleteComment')).toHaveLength(3);
    expect(vk.banned.has('u1')).toBe(true);
    expect(vk.callsOf('groups.ban')[0]?.params).toMatchObject({
      group_id: String(GROUP),
      reason: '3',
      comment: 'Нецензурная брань',
      comment_visible: '1',
    });
  });

  it('the delete step is remembered in Redis: a retry by a new process after a failed ban does not delete again', async () => {
    const j = jobFor('7', 'delete_and_ban');
    vk.failNext('groups.ban', 10);
    expect(await settle(actions.perform(j))).toBe('transient:10');
    expect(vk.deleted.has('wall:7')).toBe(true);
    const restarted = new VkActions(account(vk.apiBaseUrl), 'u', memo());
    expect(await restarted.perform(j)).toEqual({
      status: 'done',
      detail: 'delete (earlier attempt)+groups.ban',
    });
    expect(vk.callsOf('wall.deleteComment')).toHaveLength(1);
    expect(vk.banned.has('u7')).toBe(true);
  });

  it('a community token gets error 27 for each call inside execute', async () => {
    const community = new VkActions(account(vk.apiBaseUrl), 'c', memo());
    expect(await Promise.all(['1', '2'].map((id) => settle(community.perform(jobFor(id)))))).toEqual([
      'permanent:27',
      'permanent:27',
    ]);
    expect(vk.executes).toHaveLength(1);
  });

  it('execute: false sends one request per call', async () => {
    const plain = new VkActions(account(vk.apiBaseUrl, '    execute: false\n'), 'u', memo());
    await Promise.all(['1', '2', '3'].map((id) => plain.perform(jobFor(id))));
    expect(vk.executes).toHaveLength(0);
    expect(vk.callsOf('wall.deleteComment')).toHaveLength(3);
  });
});
