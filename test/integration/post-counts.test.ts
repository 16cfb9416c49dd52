import { afterEach, describe, expect, it } from 'vitest';
import { createPlatformActions } from '../../adapters/platform-registry.ts';
import { MemoryStepMemo } from '../../adapters/step-memo.ts';
import { parseAccounts } from '../../config/accounts.ts';
import { GraphEmulator } from '../../emulators/graph-emulator.ts';
import { OkEmulator } from '../../emulators/ok-emulator.ts';
import { VkEmulator } from '../../emulators/vk-emulator.ts';

// Clause 2.2 report: own posts in the week [Mon 2026-11-16, Mon 2026-11-23).
const FROM = new Date('2026-11-16T00:00:00Z');
const TO = new Date('2026-11-23T00:00:00Z');
const sec = (iso: string) => Date.parse(iso) / 1000;
const inWeek = ['2026-11-16T00:00:00Z', '2026-11-18T09:00:00Z', '2026-11-22T23:59:59Z'];
const outside = ['2026-11-15T23:59:59Z', '2026-11-23T00:00:00Z', '2026-10-01T10:00:00Z'];

const account = (yaml: string) => parseAccounts('a.yaml', `accounts:\n${yaml}`).accounts[0]!;

describe('counting the account’s own posts in a date range', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('VK: wall.get with filter=owner, a pinned old post does not stop the scan', async () => {
    const vk = await new VkEmulator({ groupId: 9, communityToken: 'c', userToken: 'u' }).start();
    closers.push(() => vk.close());
    vk.posts.push({ id: 1, date: sec('2026-01-01T00:00:00Z'), fromId: -9, pinned: true });
    inWeek.forEach((d, i) => vk.posts.push({ id: 10 + i, date: sec(d), fromId: -9 }));
    outside.forEach((d, i) => vk.posts.push({ id: 20 + i, date: sec(d), fromId: -9 }));
    vk.posts.push({ id: 30, date: sec(inWeek[1]!), fromId: 555 }); // a user's post on the wall
    const a = account(
      `  - { id: vk1, title: t, platform: vk, api_base_url: '${vk.apiBaseUrl}', platform_ids: { group_id: 9 }, tokens: { community: C, user: U } }`,
    );
    const actions = createPlatformActions(a, { user: 'u', community: 'c' }, new MemoryStepMemo());
    expect(await actions.countOwnPosts(FROM, TO)).toBe(3);
    expect(vk.callsOf('wall.get')[0]?.params).toMatchObject({ owner_id: '-9', filter: 'owner' });
  });

  it('OK: the group’s own topics by created_ms', async () => {
    const ok = await new OkEmulator({
      groupId: '77',
      applicationKey: 'K',
      applicationSecretKey: 'S',
      accessToken: 'T',
    }).start();
    closers.push(() => ok.close());
    const add = (id: string, iso: string, byGroup = true) =>
      ok.topics.push({
        id,
        created_ms: Date.parse(iso),
        author_ref: byGroup ? 'group:77' : 'user:1',
        comments: [],
      });
    inWeek.forEach((d, i) => add(`w${i}`, d));
    outside.forEach((d, i) => add(`o${i}`, d));
    add('u1', inWeek[0]!, false);
    const a = account(
      `  - { id: ok1, title: t, platform: ok, api_base_url: '${ok.apiBaseUrl}', platform_ids: { group_id: '77' }, tokens: { access_token: A, application_key: B, application_secret_key: C } }`,
    );
    const actions = createPlatformActions(
      a,
      { access_token: 'T', application_key: 'K', application_secret_key: 'S' },
      new MemoryStepMemo(),
    );
    expect(await actions.countOwnPosts(FROM, TO)).toBe(3);
  });

  it.each([
    ['facebook', 'page_id', 'posts'],
    ['instagram', 'ig_user_id', 'media'],
  ] as const)('%s: GET /{id}/%s across several pages', async (platform, idField, edge) => {
    const graph = await new GraphEmulator({ accessTokens: ['T'], businessId: '42' }).start();
    closers.push(() => graph.close());
    graph.pageSize = 2;
    graph.published.set(
      '42',
      [...inWeek, ...outside].map((d, i) => ({ id: `p${i}`, time: sec(d) })),
    );
    const a = account(
      `  - { id: x1, title: t, platform: ${platform}, api_base_url: '${graph.url}', platform_ids: { ${idField}: '42' }, tokens: { access_token: A, app_secret: B, verify_token: C } }`,
    );
    const actions = createPlatformActions(a, { access_token: 'T' }, new MemoryStepMemo());
    expect(await actions.countOwnPosts(FROM, TO)).toBe(3);
    expect(graph.callsTo('GET', `42/${edge}`).length).toBeGreaterThan(1);
  });
});
