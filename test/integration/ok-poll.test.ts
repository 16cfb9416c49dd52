import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OkEmulator } from '../../emulators/ok-emulator.ts';
import { boot, CLEAN, OBSCENE, sleep, waitFor, type Booted } from '../helpers/platform-daemon.ts';
import { actQueueName } from '../../queues/names.ts';

const GID = '53038939046008';
const keys = {
  applicationKey: 'CBAFJIICABABABABA',
  applicationSecretKey: 'ok-app-secret',
  accessToken: 'ok-access',
};
const env = { OK_TOKEN: keys.accessToken, OK_KEY: keys.applicationKey, OK_SECRET: keys.applicationSecretKey };
const yaml = (api: string, secretVar = 'OK_SECRET') => `accounts:
  - id: nr-ok
    title: Администрация Нерюнгринского района
    platform: ok
    mode: enforce
    api_base_url: ${api}
    poll_interval_s: 0.2
    rate_limit_wait_s: 0.3
    platform_ids: { group_id: "${GID}" }
    tokens: { access_token: OK_TOKEN, application_key: OK_KEY, application_secret_key: ${secretVar} }
`;

describe('Odnoklassniki polling and deletion through the daemon', () => {
  let ok: OkEmulator;
  let d: Booted | undefined;
  beforeEach(async () => {
    ok = await new OkEmulator({ groupId: GID, ...keys }).start();
    ok.addTopic('t1');
  });
  afterEach(async () => {
    await d?.stop();
    d = undefined;
    await ok.close();
  });

  it('signs every request: a wrong application secret is refused with 104 and start-up fails', async () => {
    await expect(boot(yaml(ok.apiBaseUrl, 'OK_BAD'), { ...env, OK_BAD: 'nope' })).rejects.toMatchObject({
      code: 104,
    });
    expect(ok.calls).toHaveLength(0);
  });

  it('deletes an obscene comment with one deleteDiscussionComment, keeps a clean one', async () => {
    ok.addComment('t1', { id: 'c1', authorId: '501', text: OBSCENE });
    ok.addComment('t1', { id: 'c2', authorId: '502', text: CLEAN });
    ok.addComment('t1', { id: 'c3', authorId: GID, text: OBSCENE });
    d = await boot(yaml(ok.apiBaseUrl), env);
    await waitFor(() => d!.rec.done.length === 1 && d!.rec.decisions.length === 2, 10_000, 'decisions');
    await sleep(500);
    expect(ok.callsOf('discussions.deleteDiscussionComment').map((c) => c.params)).toEqual([
      { discussionId: 't1', discussionType: 'GROUP_TOPIC', comment_id: 'c1' },
    ]);
    expect(d.rec.posts.map((p) => p.postId)).toEqual(['t1']);
  });

  // Regression: one comment the intake refuses (here longer than any comment it takes) threw out of
  // the whole page, every round, so nothing after it was ever queued and the daemon could not start.
  it('a comment the intake refuses is skipped; the rest of its page and the other topics go on', async () => {
    ok.addTopic('t2'); // newest first: polled before t1
    ok.addComment('t2', { id: 'long', authorId: '501', text: 'а'.repeat(20_001) });
    ok.addComment('t2', { id: 'n2', authorId: '502', text: CLEAN });
    ok.addComment('t1', { id: 'o1', authorId: '503', text: OBSCENE });
    d = await boot(yaml(ok.apiBaseUrl), env);
    await waitFor(() => d!.rec.decisions.length === 2, 10_000, 'the two valid comments');
    await sleep(500);
    expect(d.rec.decisions.map((e) => e.comment.commentId).sort()).toEqual(['n2', 'o1']);
    await waitFor(() => d!.rec.done.length === 1, 10_000, 'delete of o1');
  });

  it('continues from the stored cursor after a restart: nothing seen twice, nothing skipped', async () => {
    ok.maxPage = 2;
    for (let i = 1; i <= 5; i++) ok.addComment('t1', { id: `a${i}`, authorId: '501', text: `${CLEAN} ${i}` });
    d = await boot(yaml(ok.apiBaseUrl), env);
    await waitFor(() => d!.rec.decisions.length === 5, 10_000, 'first five');
    d = await d.restart();
    ok.addComment('t1', { id: 'a6', authorId: '501', text: OBSCENE });
    ok.addTopic('t2');
    ok.addComment('t2', { id: 'b1', authorId: '502', text: CLEAN });
    await waitFor(() => d!.rec.decisions.length === 2, 10_000, 'two new after restart');
    await sleep(600);
    expect(d.rec.decisions.map((e) => e.comment.commentId).sort()).toEqual(['a6', 'b1']);
    // After the restart, t1 was read from its stored anchor, never from the start.
    const t1Reads = ok.callsOf('discussions.getComments').filter((c) => c.params.discussionId === 't1');
    expect(t1Reads.filter((c) => c.params.anchor === 'FIRST')).toHaveLength(1);
    await waitFor(() => d!.rec.done.length === 1, 10_000, 'delete of a6');
  });

  it('a rate limit (8) and a 5xx delay the deletion but lose nothing; a bad parameter (100) fails for good', async () => {
    ok.addComment('t1', { id: 'r1', authorId: '501', text: OBSCENE });
    ok.failNext('discussions.deleteDiscussionComment', 8);
    ok.failNext('discussions.deleteDiscussionComment', 'http500');
    d = await boot(yaml(ok.apiBaseUrl), env);
    await waitFor(() => d!.rec.done.length === 1, 15_000, 'delete');
    expect(ok.callsOf('discussions.deleteDiscussionComment')).toHaveLength(3);
    ok.failNext('discussions.deleteDiscussionComment', 100);
    ok.addComment('t1', { id: 'r2', authorId: '501', text: OBSCENE });
    await waitFor(() => d!.rec.failed.some((f) => f.final), 10_000, 'final failure');
    await waitFor(() => d!.rec.dead.length === 1, 5000, 'dead letter');
    expect(d.rec.dead.map((x) => x.queue)).toEqual([actQueueName('ok')]);
  });

  it('reports an OK outage on /healthz and recovers when OK answers again', async () => {
    d = await boot(yaml(ok.apiBaseUrl), env);
    const health = async () => {
      const r = await fetch(`${d!.app.url}/healthz`);
      return {
        status: r.status,
        pollers: ((await r.json()) as { checks: { pollers: boolean } }).checks.pollers,
      };
    };
    expect(await health()).toEqual({ status: 200, pollers: true });
    ok.failNext('mediatopic.getTopics', 'http500', 3);
    await waitFor(
      async () => (await health()).pollers === false,
      10_000,
      'unhealthy after three failed rounds',
    );
    ok.addComment('t1', { id: 'h1', authorId: '501', text: OBSCENE });
    await waitFor(async () => (await health()).pollers, 10_000, 'healthy again');
    await waitFor(() => d!.rec.done.length === 1, 10_000, 'comment from after the outage deleted');
  });
});
