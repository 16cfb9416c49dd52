import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tgKey } from '../../bot/redis-keys.ts';
import { facebookPayloads as fb, GraphEmulator } from '../../emulators/graph-emulator.ts';
import { OkEmulator } from '../../emulators/ok-emulator.ts';
import { TelegramEmulator, type TgMessage, type TgUser } from '../../emulators/telegram-emulator.ts';
import { jobIdFor } from '../../queues/job-options.ts';
import { actQueueName } from '../../queues/names.ts';
import { boot, OBSCENE, waitFor, type Booted } from '../helpers/platform-daemon.ts';
import { REVIEW_TEXTS, vkWallComment } from '../helpers/review-fixtures.ts';
import {
  ACCOUNT,
  button,
  GROUP,
  MOD_ANNA,
  MOD_BORIS,
  REDIS_URL,
  startHarness,
  type Harness,
} from '../helpers/telegram-harness.ts';

const MOD: TgUser = { id: 1001, first_name: 'Анна' };
const TOKEN = '123456:UNDO';

/** The moderator's own answer to /undo in the group (the first one sent after `since` messages). */
async function undoReply(tg: TelegramEmulator, since: number): Promise<TgMessage> {
  return tg.waitFor(
    () =>
      tg
        .sentTo(GROUP)
        .slice(since)
        .find((m) => /отмен|не позволяют|не позволяет/.test(m.text) && !m.keyboard),
    10_000,
    'answer to /undo',
  );
}

describe('/undo of «Удалить и заблокировать» on VK', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'strazh-undo-'));
    // Four attempts: the undo below fails twice on the way (unban, then restore) and must still finish.
    h = await startHarness({ ACT_ATTEMPTS: '4', DATABASE_URL: `sqlite:${path.join(dir, 'audit.db')}` });
  });
  afterAll(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * A flagged comment whose «Удалить и заблокировать» (Анна) deleted it and then failed for good on
   * the ban: VK error 15 (access denied) is permanent, so the ban is not retried. Returns its card.
   */
  const failedDeleteAndBan = async (id: number) => {
    await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id, text: REVIEW_TEXTS.flagged }));
    const card = await h.tg.waitFor(
      () => h.cards().find((c) => c.text.includes(`reply=${id}`)),
      10_000,
      'card',
    );
    h.vk.failNext('groups.ban', 15);
    h.tg.press({
      chatId: GROUP,
      messageId: card.messageId,
      from: MOD_ANNA,
      data: button(card, 'Удалить и заблокировать'),
    });
    await h.tg.waitFor(() => card.text.includes('vk error 15'), 10_000, 'failure on the card');
    return card;
  };

  it('unbans the author and restores the comment once each, though both calls first fail transiently', async () => {
    await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id: 21, text: REVIEW_TEXTS.flagged }));
    const card = await h.tg.waitFor(() => h.cards().find((c) => c.text.includes('reply=21')), 10_000, 'card');
    h.tg.press({
      chatId: GROUP,
      messageId: card.messageId,
      from: MOD_ANNA,
      data: button(card, 'Удалить и заблокировать'),
    });
    await h.tg.waitFor(() => card.text.includes('Выполнено'), 10_000, 'delete and ban done');
    expect(h.vk.banned.has('521')).toBe(true);
    expect(h.vk.deleted.has('wall:21')).toBe(true);

    h.vk.failNext('groups.unban', 10);
    h.vk.failNext('wall.restoreComment', 10);
    const since = h.tg.sentTo(GROUP).length;
    h.tg.sendText({ chatId: GROUP, from: MOD_BORIS, text: '/undo', replyTo: card.messageId });
    const reply = await undoReply(h.tg, since);
    expect(reply.text).toBe(
      'Решение отменено, карточка снова ждёт решения. На платформе снимается блокировка автора и восстанавливается комментарий.',
    );
    await h.tg.waitFor(
      () => card.text.includes('Блокировка автора снята, комментарий восстановлен на платформе.'),
      15_000,
      'outcome in the card note',
    );
    expect(card.keyboard).toBeDefined();
    expect(card.text).toContain('Решение «удалить и заблокировать автора» (Анна) отменено: Борис');
    expect(h.vk.banned.has('521')).toBe(false);
    expect(h.vk.deleted.has('wall:21')).toBe(false);
    // Attempt 1: unban fails. Attempt 2: unban succeeds, restore fails. Attempt 3: restore only.
    expect(h.vk.callsOf('groups.unban').map((c) => c.params)).toEqual([
      expect.objectContaining({ group_id: '100000001', owner_id: '521' }),
      expect.objectContaining({ group_id: '100000001', owner_id: '521' }),
    ]);
    expect(h.vk.callsOf('wall.restoreComment')).toHaveLength(2);

    const [rec] = await h.app.audit.findComments('vk:test-vk:21');
    expect(rec?.actions.map((a) => [a.action, a.status, a.job_id, a.moderator_name])).toEqual([
      ['delete_and_ban', 'done', jobIdFor('vk:test-vk:21', 'delete_and_ban'), 'Анна'],
      ['restore_and_unban', 'done', jobIdFor('vk:test-vk:21', 'restore_and_unban'), 'Борис'],
    ]);
    // The undone decision is no longer in force: the next one is recorded as the first was.
    expect([rec?.comment.review_decision, rec?.comment.reviewer_name]).toEqual([null, null]);

    // Decided again: the comment is deleted and the author banned again (no step left marked done).
    h.tg.press({
      chatId: GROUP,
      messageId: card.messageId,
      from: MOD_BORIS,
      data: button(card, 'Удалить и заблокировать'),
    });
    await h.tg.waitFor(() => h.vk.callsOf('groups.ban').length === 2, 10_000, 'second ban');
    await waitFor(() => h.vk.deleted.has('wall:21'), 10_000, 'deleted again');
    expect(h.vk.callsOf('wall.deleteComment').filter((c) => c.params.comment_id === '21')).toHaveLength(2);
    // The log names the decision in force and who made it; the second request has a row of its own.
    const again = async () => (await h.app.audit.findComments('vk:test-vk:21'))[0];
    const second = async () => (await again())?.actions.find((a) => a.request_no === 2);
    await waitFor(
      async () => (await second())?.moderator_name === 'Борис',
      10_000,
      'second decision on record',
    );
    const rec2 = await again();
    expect([rec2?.comment.review_decision, rec2?.comment.reviewer_name]).toEqual(['delete_and_ban', 'Борис']);
    await waitFor(async () => (await second())?.status === 'done', 10_000, 'second outcome on record');
    // Nothing is lost: both requests of the deletion with their own outcome, the undo's between them,
    // and the first decision, its undo and the second decision, in order.
    const rec3 = await again();
    expect(rec3?.actions.map((a) => [a.action, a.request_no, a.status, a.moderator_name])).toEqual([
      ['delete_and_ban', 1, 'done', 'Анна'],
      ['restore_and_unban', 1, 'done', 'Борис'],
      ['delete_and_ban', 2, 'done', 'Борис'],
    ]);
    expect(rec3?.actions[0]?.requested_at).toBe(rec?.actions[0]?.requested_at);
    expect(rec3?.reviews.map((r) => [r.seq, r.type, r.decision, r.moderator_name, r.action])).toEqual([
      [1, 'decision', 'delete_and_ban', 'Анна', 'delete_and_ban'],
      [2, 'undo', 'delete_and_ban', 'Борис', 'restore_and_unban'],
      [3, 'decision', 'delete_and_ban', 'Борис', 'delete_and_ban'],
    ]);
  });

  it('after the restore window only the ban is lifted, and the moderator is told the comment stays deleted', async () => {
    await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id: 22, text: REVIEW_TEXTS.flagged }));
    const card = await h.tg.waitFor(() => h.cards().find((c) => c.text.includes('reply=22')), 10_000, 'card');
    h.tg.press({
      chatId: GROUP,
      messageId: card.messageId,
      from: MOD_ANNA,
      data: button(card, 'Удалить и заблокировать'),
    });
    await h.tg.waitFor(() => card.text.includes('Выполнено'), 10_000, 'delete and ban done');
    // The window is counted from the decision's time: the stored decision is moved two hours back.
    const itemId = await h.app.reviewBot!.store.itemByMessage({ chatId: GROUP, messageId: card.messageId });
    const redis = new Redis(REDIS_URL);
    const key = tgKey(h.prefix, 'item', itemId!);
    const stored = JSON.parse((await redis.hget(key, 'decision'))!) as { at: number };
    await redis.hset(key, 'decision', JSON.stringify({ ...stored, at: stored.at - 2 * 3_600_000 }));
    await redis.quit();
    const restores = h.vk.callsOf('wall.restoreComment').length;
    const since = h.tg.sentTo(GROUP).length;
    h.tg.sendText({ chatId: GROUP, from: MOD_BORIS, text: '/undo', replyTo: card.messageId });
    const reply = await undoReply(h.tg, since);
    expect(reply.text).toContain('Блокировка автора снимается на платформе.');
    expect(reply.text).toContain(
      'Комментарий не будет восстановлен: время, в течение которого платформа позволяет восстановить комментарий, истекло.',
    );
    await h.tg.waitFor(() => card.text.includes('Блокировка автора снята на платформе.'), 10_000, 'unbanned');
    expect(h.vk.banned.has('522')).toBe(false);
    expect(h.vk.deleted.has('wall:22')).toBe(true);
    expect(h.vk.callsOf('wall.restoreComment')).toHaveLength(restores);
  });

  it('a «delete and ban» whose ban failed for good after the delete: /undo restores the comment only, and says so', async () => {
    const key = 'vk:test-vk:23';
    const ofComment = (method: string) =>
      h.vk.callsOf(method).filter((c) => c.params.comment_id === '23' || c.params.owner_id === '523');
    const card = await failedDeleteAndBan(23);
    expect(card.text).toContain('Выполнено не полностью на платформе ВКонтакте (комментарий удалён)');
    expect(h.vk.deleted.has('wall:23')).toBe(true);
    expect(h.vk.banned.has('523')).toBe(false);

    const since = h.tg.sentTo(GROUP).length;
    h.tg.sendText({ chatId: GROUP, from: MOD_BORIS, text: '/undo', replyTo: card.messageId });
    const reply = await undoReply(h.tg, since);
    expect(reply.text).toBe(
      'Решение отменено, карточка снова ждёт решения. Комментарий восстанавливается на платформе. ' +
        'Блокировку автора снимать не нужно: заблокировать автора не удалось.',
    );
    await h.tg.waitFor(
      () => card.text.includes('Комментарий восстановлен на платформе.'),
      10_000,
      'outcome in the card note',
    );
    expect(card.keyboard).toBeDefined();
    expect(card.text).toContain('Решение «удалить и заблокировать автора» (Анна) отменено: Борис');
    expect(card.text).toContain('Блокировку автора снимать не нужно: заблокировать автора не удалось.');
    expect(h.vk.deleted.has('wall:23')).toBe(false);
    expect(ofComment('wall.restoreComment')).toHaveLength(1);
    expect(ofComment('groups.unban')).toHaveLength(0);
    expect(ofComment('groups.ban')).toHaveLength(1);

    const [rec] = await h.app.audit.findComments(key);
    expect(rec?.actions.map((a) => [a.action, a.status, a.job_id, a.moderator_name])).toEqual([
      ['delete_and_ban', 'failed', jobIdFor(key, 'delete_and_ban'), 'Анна'],
      ['restore', 'done', jobIdFor(key, 'restore'), 'Борис'],
    ]);
    expect(rec?.actions[0]?.error).toMatch(/wall\.deleteComment done; groups\.ban failed/);
    expect(rec?.actions[1]?.reason).toBe('Отмена решения модератора (/undo)');
    expect([rec?.comment.review_decision, rec?.comment.reviewer_name]).toEqual([null, null]);

    // Decided again: the comment is deleted again (the delete of the failed request is not taken
    // as already done) and the author banned.
    h.tg.press({
      chatId: GROUP,
      messageId: card.messageId,
      from: MOD_ANNA,
      data: button(card, 'Удалить и заблокировать'),
    });
    await h.tg.waitFor(() => card.text.includes('Выполнено на платформе'), 10_000, 'second decision done');
    expect(ofComment('wall.deleteComment')).toHaveLength(2);
    expect(h.vk.deleted.has('wall:23')).toBe(true);
    expect(h.vk.banned.has('523')).toBe(true);
    // The failed request keeps its failure; the second one has its own row and outcome.
    const requests = async () => (await h.app.audit.findComments(key))[0]?.actions ?? [];
    await waitFor(
      async () => (await requests()).find((a) => a.request_no === 2)?.status === 'done',
      10_000,
      'second request done',
    );
    expect((await requests()).map((a) => [a.action, a.request_no, a.status])).toEqual([
      ['delete_and_ban', 1, 'failed'],
      ['restore', 1, 'done'],
      ['delete_and_ban', 2, 'done'],
    ]);
  });

  it('what a failed action did is learned at start-up too, when its failure came while the bot was down', async () => {
    const key = 'vk:test-vk:24';
    const card = await failedDeleteAndBan(24);
    // As if the bot had missed the failure: the outcome still pending and the job still tracked.
    const store = h.app.reviewBot!.store;
    const itemId = (await store.itemByMessage({ chatId: GROUP, messageId: card.messageId }))!;
    await store.setOutcome(itemId, { status: 'pending', detail: '', at: Date.now() });
    await store.track({
      itemId,
      queue: actQueueName('vk'),
      jobId: jobIdFor(key, 'delete_and_ban'),
      purpose: 'decision',
      action: 'delete_and_ban',
      at: Date.now(),
    });
    await h.restart();
    const outcome = async () => (await h.app.reviewBot!.store.load(itemId))?.outcome;
    await waitFor(async () => (await outcome())?.status === 'failed', 10_000, 'reconciled outcome');
    expect((await outcome())?.stepsDone).toEqual(['delete']);

    const since = h.tg.sentTo(GROUP).length;
    h.tg.sendText({ chatId: GROUP, from: MOD_BORIS, text: '/undo', replyTo: card.messageId });
    expect((await undoReply(h.tg, since)).text).toContain('Комментарий восстанавливается на платформе.');
    await waitFor(() => !h.vk.deleted.has('wall:24'), 10_000, 'restored');
    expect(h.vk.callsOf('wall.restoreComment').filter((c) => c.params.comment_id === '24')).toHaveLength(1);
  });
});

describe('/undo of «Удалить и заблокировать» on Facebook and Odnoklassniki', () => {
  let d: Booted | undefined;
  let tg: TelegramEmulator | undefined;
  let dir: string | undefined;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await d?.stop();
    await tg?.close();
    for (const c of closers.splice(0)) await c();
    if (dir) await rm(dir, { recursive: true, force: true });
    d = undefined;
  });

  /** The daemon with the bot, one account from `accountYaml`, and its audit log in a fresh file. */
  async function start(accountYaml: string[], env: Record<string, string>): Promise<void> {
    dir = await mkdtemp(path.join(tmpdir(), 'strazh-undo-'));
    tg = await new TelegramEmulator({ token: TOKEN, pollCapMs: 300 }).start();
    d = await boot(['accounts:', ...accountYaml, ''].join('\n'), env, {
      extra: {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: tg.apiRoot,
        TELEGRAM_REVIEW_CHAT_ID: String(GROUP),
        TELEGRAM_MODERATOR_IDS: String(MOD.id),
        DATABASE_URL: `sqlite:${path.join(dir, 'audit.db')}`,
      },
    });
  }

  async function decideDeleteAndBan(): Promise<TgMessage> {
    const card = await tg!.waitFor(
      () =>
        tg!
          .sentTo(GROUP)
          .find((m) => (m.keyboard ?? []).flat().some((b) => b.callback_data?.startsWith('b:'))),
      10_000,
      'review card',
    );
    tg!.press({
      chatId: GROUP,
      messageId: card.messageId,
      from: MOD,
      data: button(card, 'Удалить и заблокировать'),
    });
    await tg!.waitFor(() => card.text.includes('Выполнено'), 10_000, 'delete and ban done');
    return card;
  }

  const PAGE = '1234567890321';

  /** The daemon with a Facebook Page in review mode, and an obscene comment by author 55 delivered. */
  async function startFacebook(): Promise<GraphEmulator> {
    const env = { FB_TOKEN: 'page-token', FB_SECRET: 'app-secret', FB_VERIFY: 'verify' };
    const graph = await new GraphEmulator({ accessTokens: [env.FB_TOKEN], businessId: PAGE }).start();
    closers.push(() => graph.close());
    await start(
      [
        '  - id: nr-fb',
        '    title: Администрация Нерюнгринского района',
        '    platform: facebook',
        '    mode: review',
        `    api_base_url: ${graph.url}`,
        `    platform_ids: { page_id: ${PAGE} }`,
        '    tokens: { access_token: FB_TOKEN, app_secret: FB_SECRET, verify_token: FB_VERIFY }',
      ],
      env,
    );
    const change = fb.comment({ pageId: PAGE, commentId: '8_1', fromId: '55', message: OBSCENE });
    await GraphEmulator.deliver(
      `${d!.app.url}/webhooks/facebook`,
      fb.notification([{ pageId: PAGE, changes: [change] }]),
      env.FB_SECRET,
    );
    return graph;
  }

  it('Facebook: the Page unblocks the author; the moderator is told the comment cannot be restored', async () => {
    const graph = await startFacebook();
    const card = await decideDeleteAndBan();
    expect(graph.blocked.has('55')).toBe(true);

    const since = tg!.sentTo(GROUP).length;
    tg!.sendText({ chatId: GROUP, from: MOD, text: '/undo', replyTo: card.messageId });
    const reply = await undoReply(tg!, since);
    expect(reply.text).toBe(
      'Решение отменено, карточка снова ждёт решения. Блокировка автора снимается на платформе. ' +
        'Комментарий не будет восстановлен: Facebook не позволяет вернуть удалённый комментарий.',
    );
    await tg!.waitFor(() => card.text.includes('Блокировка автора снята на платформе.'), 10_000, 'unblocked');
    expect(card.text).toContain('Комментарий не будет восстановлен: Facebook не позволяет');
    expect(graph.blocked.has('55')).toBe(false);
    expect(graph.callsTo('DELETE', `${PAGE}/blocked`).map((c) => c.params)).toEqual([{ user: '55' }]);
    const key = 'facebook:nr-fb:8_1';
    const [rec] = await d!.app.audit.findComments(key);
    expect(rec?.actions.find((a) => a.action === 'unban')).toMatchObject({
      status: 'done',
      job_id: jobIdFor(key, 'unban'),
      requested_by: 'moderator',
      reason: 'Отмена решения модератора (/undo)',
    });
  });

  it('Facebook: a delete whose block failed for good cannot be undone; refused, saying why, and nothing is called', async () => {
    const graph = await startFacebook();
    // Code 200 (no permission) is permanent: the block is not retried.
    graph.failNext('blocked', { code: 200, status: 403 });
    const card = await decideDeleteAndBan();
    expect(card.text).toContain('Выполнено не полностью на платформе Facebook (комментарий удалён)');
    expect(graph.blocked.has('55')).toBe(false);
    const decided = card.text;
    const calls = graph.calls.length;

    const since = tg!.sentTo(GROUP).length;
    tg!.sendText({ chatId: GROUP, from: MOD, text: '/undo', replyTo: card.messageId });
    const reply = await undoReply(tg!, since);
    expect(reply.text).toBe(
      'Комментарий удалён на платформе, а заблокировать автора не удалось. ' +
        'Эта платформа не позволяет восстановить удалённый комментарий такого типа.',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(card.text).toBe(decided);
    expect(card.keyboard).toBeUndefined();
    expect(graph.calls).toHaveLength(calls);
    const [rec] = await d!.app.audit.findComments('facebook:nr-fb:8_1');
    expect(rec?.actions.map((a) => [a.action, a.status])).toEqual([['delete_and_ban', 'failed']]);
    expect(rec?.comment.review_decision).toBe('delete_and_ban');
  });

  it('Odnoklassniki: refused with the reason, the decision stays and nothing is called', async () => {
    const GID = '53038939046008';
    const keys = {
      applicationKey: 'CBAFJIICABABABABA',
      applicationSecretKey: 'ok-app-secret',
      accessToken: 'ok-access',
    };
    const ok = await new OkEmulator({ groupId: GID, ...keys }).start();
    closers.push(() => ok.close());
    ok.addTopic('t1');
    ok.addComment('t1', { id: 'c1', authorId: '501', text: OBSCENE });
    await start(
      [
        '  - id: nr-ok',
        '    title: Администрация Нерюнгринского района',
        '    platform: ok',
        '    mode: review',
        `    api_base_url: ${ok.apiBaseUrl}`,
        '    poll_interval_s: 0.2',
        `    platform_ids: { group_id: "${GID}" }`,
        '    tokens: { access_token: OK_TOKEN, application_key: OK_KEY, application_secret_key: OK_SECRET }',
      ],
      { OK_TOKEN: keys.accessToken, OK_KEY: keys.applicationKey, OK_SECRET: keys.applicationSecretKey },
    );
    const card = await decideDeleteAndBan();
    expect(ok.callsOf('discussions.deleteDiscussionComment').map((c) => c.params.block_author)).toEqual([
      'true',
    ]);
    const decided = card.text;
    const since = tg!.sentTo(GROUP).length;
    tg!.sendText({ chatId: GROUP, from: MOD, text: '/undo', replyTo: card.messageId });
    const reply = await undoReply(tg!, since);
    expect(reply.text).toMatch(
      /^Одноклассники не позволяют через API ни снять блокировку автора, ни восстановить комментарий, поэтому решение остаётся в силе\./,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(card.text).toBe(decided);
    expect(card.keyboard).toBeUndefined();
    const acted = ok.calls.filter(
      (c) => !/^(discussions\.getComments|mediatopic\.getTopics|group\.)/.test(c.method),
    );
    expect(acted.map((c) => c.method)).toEqual(['discussions.deleteDiscussionComment']);
    const [rec] = await d!.app.audit.findComments('ok:nr-ok:c1');
    expect(rec?.actions.map((a) => a.action)).toEqual(['delete_and_ban']);
  });
});

describe('deciding again after /undo (VK)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ACT_ATTEMPTS: '4' });
  });
  afterAll(async () => {
    await h.close();
  });

  /** A flagged comment's card, «Удалить» pressed and carried out on VK. */
  const deletedCard = async (id: number) => {
    await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id, text: REVIEW_TEXTS.flagged }));
    const card = await h.tg.waitFor(
      () => h.cards().find((c) => c.text.includes(`reply=${id}`)),
      10_000,
      'card',
    );
    h.tg.press({ chatId: GROUP, messageId: card.messageId, from: MOD_ANNA, data: button(card, 'Удалить') });
    await h.tg.waitFor(() => card.text.includes('Выполнено'), 10_000, 'first delete done');
    return card;
  };

  /** {@link deletedCard}, then undone: the comment restored, the card open again. */
  const restoredCard = async (id: number) => {
    const card = await deletedCard(id);
    h.tg.sendText({ chatId: GROUP, from: MOD_BORIS, text: '/undo', replyTo: card.messageId });
    await h.tg.waitFor(() => card.text.includes('восстановлен на платформе'), 10_000, 'restore done');
    expect(h.vk.deleted.has(`wall:${id}`)).toBe(false);
    return card;
  };

  // Regression: the second «Удалить» reuses the first one's job id; a retry of the new job (VK error 10
  // or 6 on its first try) found the first job's stored result and reported «Выполнено» without
  // deleting — the comment stayed up while the card said it was gone.
  it.each([
    { code: 10, what: 'a transient error' },
    { code: 6, what: 'a rate limit' },
  ])(
    '«Удалить» again, its first try failing with $what (VK $code), deletes the comment',
    async ({ code }) => {
      const id = 300 + code;
      const card = await restoredCard(id);
      const calls = h.vk.callsOf('wall.deleteComment').length;
      h.vk.failNext('wall.deleteComment', code);
      h.tg.press({ chatId: GROUP, messageId: card.messageId, from: MOD_ANNA, data: button(card, 'Удалить') });
      await h.tg.waitFor(() => h.vk.deleted.has(`wall:${id}`), 15_000, 'second delete carried out');
      await h.tg.waitFor(() => card.text.includes('Выполнено'), 10_000, 'card says done');
      // The failed try and the retry that went through.
      expect(h.vk.callsOf('wall.deleteComment').length - calls).toBe(2);
    },
  );

  // Regression: a decision pressed while the undo's restore was still retrying was carried out first,
  // and the late restore then brought the comment back under a card saying «удалить … Выполнено».
  it('no decision is taken while the undo is still being carried out; once it has, one is', async () => {
    const id = 320;
    const card = await deletedCard(id);
    // The restore fails three times (VK error 10) and succeeds on its fourth try, 0.7 s later.
    h.vk.failNext('wall.restoreComment', 10, 3);
    h.tg.sendText({ chatId: GROUP, from: MOD_BORIS, text: '/undo', replyTo: card.messageId });
    await h.tg.waitFor(() => !!card.keyboard && card.text.includes('отменено'), 10_000, 'card reopened');
    const early = h.tg.press({
      chatId: GROUP,
      messageId: card.messageId,
      from: MOD_ANNA,
      data: button(card, 'Удалить'),
    });
    const refused = await h.tg.waitFor(
      () => h.tg.answers.find((a) => a.callback_query_id === early),
      5000,
      'answer',
    );
    expect(refused).toMatchObject({ show_alert: true, text: expect.stringContaining('ещё выполняется') });
    await h.tg.waitFor(() => card.text.includes('восстановлен на платформе'), 10_000, 'restore done');
    expect(card.text).not.toContain('Решение:');
    h.tg.press({ chatId: GROUP, messageId: card.messageId, from: MOD_ANNA, data: button(card, 'Удалить') });
    await h.tg.waitFor(() => h.vk.deleted.has(`wall:${id}`), 10_000, 'deleted again');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.vk.deleted.has(`wall:${id}`)).toBe(true);
  });
});
