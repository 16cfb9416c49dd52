import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OkEmulator } from '../../emulators/ok-emulator.ts';
import { boot, REDIS_URL, waitFor, type Booted } from '../helpers/platform-daemon.ts';

const GID = '53038939046008';
const keys = {
  applicationKey: 'CBAFJIICABABABABA',
  applicationSecretKey: 'ok-app-secret',
  accessToken: 'ok-access',
};
const env = { OK_TOKEN: keys.accessToken, OK_KEY: keys.applicationKey, OK_SECRET: keys.applicationSecretKey };
const yaml = (api: string) => `accounts:
  - id: nr-ok
    title: Администрация Нерюнгринского района
    platform: ok
    mode: enforce
    api_base_url: ${api}
    poll_interval_s: 0.2
    platform_ids: { group_id: "${GID}" }
    tokens: { access_token: OK_TOKEN, application_key: OK_KEY, application_secret_key: OK_SECRET }
`;
const APPEAL = 'Когда починят лифт на Дружбы Народов 25? Не работает с октября';
const ANSWER = 'Заявка передана в управляющую компанию';

describe('answer detection on Odnoklassniki (polling)', () => {
  let ok: OkEmulator;
  let d: Booted | undefined;
  let redis: Redis;
  beforeEach(async () => {
    ok = await new OkEmulator({ groupId: GID, ...keys }).start();
    ok.addTopic('t1');
    redis = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    await d?.stop();
    d = undefined;
    await ok.close();
    redis.disconnect();
  });

  const cursor = () => redis.hget(`${d!.prefix}:cursor:ok:nr-ok`, 't1');
  const eventTypes = async () =>
    (await redis.xrange(d!.app.appeals!.registry.keys.events, '-', '+')).map(([, f]) => f[1]);
  const readsFromStart = () =>
    ok.callsOf('discussions.getComments').filter((c) => c.params.anchor === 'FIRST').length;

  it("the group's reply marks the resident's appeal answered, once, even when the topic is read again", async () => {
    ok.addComment('t1', { id: 'c1', authorId: '501', text: APPEAL });
    d = await boot(yaml(ok.apiBaseUrl), env);
    const registry = d.app.appeals!.registry;
    await waitFor(async () => (await registry.get('ok:nr-ok:c1')) !== undefined, 10_000, 'appeal');
    expect(await registry.get('ok:nr-ok:c1')).toMatchObject({ state: 'open', department: 'housing' });

    // A note from the group under its post answers nobody; then the group replies to the resident.
    ok.addGroupComment('t1', { id: 'g1', text: 'График приёма граждан на март опубликован' });
    const repliedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    ok.addGroupComment('t1', { id: 'g2', text: ANSWER, replyTo: 'c1', dateMs: repliedAt.getTime() });
    await waitFor(async () => (await registry.get('ok:nr-ok:c1'))?.state === 'answered', 10_000, 'answered');
    const answered = await registry.get('ok:nr-ok:c1');
    expect(answered).toMatchObject({
      answeredAt: repliedAt.toISOString(),
      answeredBy: { kind: 'platform', replyId: 'g2', authorId: GID },
    });
    expect(answered?.history.map((x) => x.type)).toEqual(['opened', 'answered']);
    expect(await d.app.appeals!.desk.list()).toHaveLength(0);
    // The group's comments are neither moderated nor appeals, and the poller's anchor is past them.
    expect(d.rec.decisions.map((e) => e.comment.commentId)).toEqual(['c1']);
    expect(await registry.get('ok:nr-ok:g1')).toBeUndefined();
    expect(await registry.get('ok:nr-ok:g2')).toBeUndefined();
    await waitFor(async () => (await cursor()) === ok.anchorAtEnd('t1'), 5000, 'anchor past the replies');

    // The topic read again from the start (a lost anchor): the reply is seen a second time.
    const before = readsFromStart();
    await redis.hdel(`${d.prefix}:cursor:ok:nr-ok`, 't1');
    await waitFor(() => readsFromStart() > before, 5000, 'topic read from the start');
    await waitFor(async () => (await cursor()) === ok.anchorAtEnd('t1'), 5000, 'anchor back at the end');
    expect((await registry.get('ok:nr-ok:c1'))?.revision).toBe(answered?.revision);
    expect((await eventTypes()).filter((t) => t === 'answered')).toHaveLength(1);
  });

  it('a topic with only the group’s comments still moves the anchor, and nothing is queued', async () => {
    ok.addGroupComment('t1', { id: 'g1', text: 'Уважаемые жители!' });
    ok.addGroupComment('t1', { id: 'g2', text: 'Дополнение', replyTo: 'g1' });
    d = await boot(yaml(ok.apiBaseUrl), env);
    await waitFor(async () => (await cursor()) === ok.anchorAtEnd('t1'), 5000, 'anchor at the end');
    expect(d.rec.decisions).toHaveLength(0);
    expect(await eventTypes()).toEqual([]);
  });

  it('a reply read in the same page as the appeal it answers still closes it', async () => {
    ok.addComment('t1', { id: 'c1', authorId: '501', text: APPEAL });
    ok.addGroupComment('t1', { id: 'g2', text: ANSWER, replyTo: 'c1' });
    d = await boot(yaml(ok.apiBaseUrl), env);
    const registry = d.app.appeals!.registry;
    await waitFor(async () => (await registry.get('ok:nr-ok:c1'))?.state === 'answered', 10_000, 'answered');
    expect((await registry.get('ok:nr-ok:c1'))?.history.map((x) => x.type)).toEqual(['opened', 'answered']);
  });
});
