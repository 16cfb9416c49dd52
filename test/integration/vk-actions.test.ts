import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../../adapters/platform-error.ts';
import { RedisStepMemo } from '../../adapters/step-memo.ts';
import { VkActions } from '../../adapters/vk/vk-actions.ts';
import { parseAccounts, resolveSecrets, type VkAccount } from '../../config/accounts.ts';
import { ConfigError } from '../../config/config-error.ts';
import type { CommentKind } from '../../core/comment.ts';
import { VkEmulator } from '../../emulators/vk-emulator.ts';
import type { ActJob } from '../../queues/payloads.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { REDIS_URL } from '../helpers/platform-daemon.ts';

const GROUP = 200;
const account = (api: string): VkAccount =>
  parseAccounts(
    'a.yaml',
    `accounts:
  - id: nr-vk
    title: t
    platform: vk
    api_base_url: ${api}
    platform_ids: { group_id: ${GROUP} }
    tokens: { community: VK_C, user: VK_U }
`,
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
