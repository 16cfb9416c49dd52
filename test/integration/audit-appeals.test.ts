import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectAppeal, topicName } from '../../core/appeals/appeal-detector.ts';
import type { AppealEvent } from '../../core/appeals/appeal-record.ts';
import { draftAppeal } from '../../core/appeals/draft-appeal.ts';
import { routeAppeal } from '../../core/appeals/routing.ts';
import { fixtureAccounts, decisionFor, vkComment } from '../../fixtures/audit/builders.ts';
import { VkEmulator } from '../../emulators/vk-emulator.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { auditAppealSink } from '../../store/audit-appeal-sink.ts';
import { findAppeals } from '../../store/audit-appeals.ts';
import { auditObserver } from '../../store/audit-observer.ts';
import { AuditStore } from '../../store/audit-store.ts';
import { auditCommand } from '../../store/cli/audit-command.ts';
import { appealHoursOf } from '../../store/report/build-appeals.ts';
import { buildReport } from '../../store/report/build-report.ts';
import { readReportInputs } from '../../store/report/report-queries.ts';
import { AppealEventDispatcher } from '../../workers/appeals/appeal-event-dispatcher.ts';
import { AppealRegistry } from '../../workers/appeals/appeal-registry.ts';
import { appealFor, shippedAppealSetup } from '../helpers/appeal-fixture.ts';
import { daemonRuleSet } from '../helpers/daemon-rules.ts';
import { REDIS_URL, uniquePrefix, waitFor } from '../helpers/harness.ts';
import { boot } from '../helpers/platform-daemon.ts';
import { DATABASES, testDatabase, type TestDatabase } from './support/test-databases.ts';

const setup = await shippedAppealSetup();
const silent = pino({ level: 'silent' });
const yak = (local: string): Date => new Date(`${local}+09:00`);
const official = { kind: 'official' as const, id: '1000201', name: 'Сидоров' };
// ISO week 2026-W11 in Neryungri; Monday 9 March is a holiday.
const WEEK = { from: '2026-03-09', to: '2026-03-15', timeZone: 'Asia/Yakutsk' };

describe.each(DATABASES)('appeals in the audit log on %s', (kind) => {
  const prefix = uniquePrefix(`audit-appeals-${kind}`);
  let tdb: TestDatabase;
  let store: AuditStore;
  let redis: Redis;
  let stream: Redis;
  let registry: AppealRegistry;
  let dispatcher: AppealEventDispatcher;
  const events: AppealEvent[] = [];

  beforeEach(async () => {
    tdb = await testDatabase(kind);
    store = await AuditStore.open(tdb.url, { timeZone: WEEK.timeZone });
    redis = new Redis(REDIS_URL);
    stream = new Redis(REDIS_URL);
    registry = new AppealRegistry(redis, `${prefix}-${Date.now()}`);
    const sink = auditAppealSink(store);
    // Keep what the real dispatcher delivered, to deliver it again by hand.
    const keeping = {
      name: sink.name,
      handle: async (e: AppealEvent) => (await sink.handle(e), void events.push(e)),
    };
    dispatcher = new AppealEventDispatcher(stream, registry.keys, keeping, silent, { retryAfterMs: 0 });
    await dispatcher.ensureGroup();
    events.length = 0;
  });
  afterEach(async () => {
    await store.close();
    await tdb.drop();
    await Promise.all([redis.quit(), stream.quit()]);
  });
  afterAll(async () => {
    await deletePrefix(REDIS_URL, prefix);
  });

  /** Three appeals of W11 through the real register and its outbox, delivered to the audit sink. */
  async function seedWeek(): Promise<void> {
    // 801 roads: Wed 09:00, due Thu 10:00; escalated, answered on the platform Thu 15:00 (late).
    const late = appealFor(
      setup,
      'Просим убрать снег с тротуара на Мира, не пройти',
      yak('2026-03-11T09:00'),
      '801',
    );
    await registry.open(late);
    await registry.act(late.id, { type: 'escalate', at: yak('2026-03-12T10:01') });
    await registry.recordCommunityReply({
      platform: 'vk',
      accountId: 'neryungri-vk',
      inReplyTo: '801',
      replyId: '9001',
      authorId: '-100000001',
      text: 'Бригада выехала, тротуар расчистят сегодня.',
      repliedAt: yak('2026-03-12T15:00').toISOString(),
    });
    // 802 roads → improvement at 11:00, answered by an official at 14:00 (in time).
    const moved = appealFor(
      setup,
      'Яма на дороге у дома Кравченко 9, когда заделают?',
      yak('2026-03-11T09:00'),
      '802',
    );
    await registry.open(moved);
    await registry.act(moved.id, {
      type: 'transfer',
      by: official,
      at: yak('2026-03-11T11:00'),
      toDepartment: 'improvement',
      note: 'двор, не дорога',
    });
    await registry.act(moved.id, { type: 'answer', by: official, at: yak('2026-03-11T14:00') });
    // 803 housing: Thu 09:00, due Fri 10:00, never answered.
    const open = appealFor(
      setup,
      'Третий день нет горячей воды на Ленина 5, дети моются из тазика',
      yak('2026-03-12T09:00'),
      '803',
    );
    await registry.open(open);
    while ((await dispatcher.runOnce()) > 0);
  }

  const report = async () =>
    buildReport(
      await readReportInputs(store.db, {
        ...WEEK,
        accounts: fixtureAccounts().accounts,
        env: {},
        limits: { maxRate: 0.3, minDecisions: 3 },
        generatedAt: new Date('2026-03-16T00:00:00Z'),
        appealHours: appealHoursOf(setup.routing),
      }),
    );

  it('stores every event once through the real outbox, whatever is delivered twice or late', async () => {
    await seedWeek();
    expect(events.map((e) => `${e.appeal.commentId}:${e.type}`)).toEqual([
      '801:opened',
      '801:escalated',
      '801:answered',
      '802:opened',
      '802:transferred',
      '802:answered',
      '803:opened',
    ]);
    const sink = auditAppealSink(store);
    // At-least-once: everything again, and then an old event after the newest one.
    for (const e of events) await sink.handle(e);
    await sink.handle(events[3]!);
    const [moved] = await findAppeals(store.db, 'vk:neryungri-vk:802');
    expect(moved?.appeal).toMatchObject({
      state: 'answered',
      department: 'improvement',
      first_department: 'roads',
      revision: 2,
      answered_by: 'official',
    });
    expect(
      moved?.history.map((h) => [h.revision, h.type, h.from_department, h.department, h.by_name]),
    ).toEqual([
      [0, 'opened', null, 'roads', null],
      [1, 'transferred', 'roads', 'improvement', 'Сидоров'],
      [2, 'answered', null, 'improvement', 'Сидоров'],
    ]);
    const n = await store.db
      .selectFrom('audit_appeal_event')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(n?.n)).toBe(7);
  });

  it('the report gives the week’s appeals per topic and department, in time, working-hour times and the overdue', async () => {
    await seedWeek();
    const a = (await report()).appeals;
    expect(a.total).toEqual({
      registered: 3,
      notAppeal: 0,
      answered: 2,
      answeredInTime: 1,
      waiting: 0,
      overdue: 1,
      shareInTime: 1 / 3,
      // 802: Wed 09:00 → 14:00 = 4 working hours (lunch 13–14); 801: Wed 09:00 → Thu 15:00 = 13.
      firstAnswer: { answers: 2, medianMin: 510, p95Min: 240 + 0.95 * 540 },
    });
    expect(
      a.byDepartment
        .map((d) => [d.key, d.counts.registered, d.counts.answeredInTime, d.counts.overdue])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    ).toEqual([
      ['housing', 1, 0, 1],
      ['improvement', 1, 1, 0],
      ['roads', 1, 0, 0],
    ]);
    expect(a.byTopic.map((t) => [t.key, t.counts.registered])).toEqual([
      ['roads', 2],
      ['housing', 1],
    ]);
    // 803 was due Friday 10:00: 7 working hours of Friday passed by the end of Sunday.
    expect(a.overdue.map((o) => [o.id, o.overdueMin, o.state])).toEqual([
      ['vk:neryungri-vk:803', 420, 'open'],
    ]);
    // A week later the overdue one is still listed, though registered before that period.
    const next = buildReport(
      await readReportInputs(store.db, {
        ...WEEK,
        from: '2026-03-16',
        to: '2026-03-22',
        accounts: [],
        env: {},
        limits: { maxRate: 0.3, minDecisions: 3 },
        generatedAt: new Date('2026-03-23T00:00:00Z'),
        appealHours: appealHoursOf(setup.routing),
      }),
    ).appeals;
    expect(next.total.registered).toBe(0);
    expect(next.overdue.map((o) => [o.id, o.overdueMin])).toEqual([['vk:neryungri-vk:803', 420 + 5 * 480]]);
  });

  it('audit show gives a comment’s appeal history, beside its statement of reasons when it has one', async () => {
    await seedWeek();
    // An obscene complaint on adm-vk: deleted under clause 2.5 and still an appeal.
    const at = yak('2026-03-13T10:00');
    const c = vkComment({
      account: 'adm-vk',
      id: 804,
      text: 'Какого хуя опять свет отключили на Мира 3, когда дадут?',
      at,
    });
    const decision = decisionFor(daemonRuleSet(), c, at);
    expect(decision.outcome).toBe('delete');
    await auditObserver({ store, accounts: fixtureAccounts(), log: silent }).onDecision?.(decision);
    const detection = detectAppeal(setup.detector, c.text);
    expect(detection.isAppeal).toBe(true);
    const appeal = draftAppeal({
      comment: c,
      detection,
      topicName: topicName(setup.detector, detection.topic ?? 'other'),
      detectorVersion: setup.detector.version,
      moderation: decision.verdict.results,
      moderationOutcome: decision.outcome,
      department: routeAppeal(setup.routing, detection.topic ?? 'other', c.accountId),
      now: at,
    });
    await auditAppealSink(store).handle({ type: 'opened', appeal, at: appeal.openedAt });

    const env = {
      DATABASE_URL: tdb.url,
      ACCOUNTS_FILE: 'fixtures/audit/accounts.yaml',
      AUDIT_TIME_ZONE: 'Asia/Yakutsk',
    };
    const show = async (id: string) => {
      let stdout = '';
      const code = await auditCommand(['show', id], env, {
        stdout: (t) => (stdout += t),
        stderr: () => undefined,
      });
      return { code, stdout };
    };
    const both = await show('804');
    expect(both.code).toBe(0);
    expect(both.stdout).toContain('ОБОСНОВАНИЕ РЕШЕНИЯ ПО КОММЕНТАРИЮ vk:adm-vk:804');
    expect(both.stdout).toContain('ОБРАЩЕНИЕ ГРАЖДАНИНА (п. 3 Постановления № 702) vk:adm-vk:804');
    expect(both.stdout).toContain('Комментарий удалён по п. 2.5, обращение при этом зарегистрировано');
    // What officials saw, and what the appeal history shows, has the obscene word masked.
    const history = both.stdout.slice(both.stdout.indexOf('ОБРАЩЕНИЕ ГРАЖДАНИНА'));
    expect(history).toContain('Какого х**');
    expect(history).not.toContain('хуя');

    const alone = await show('vk:neryungri-vk:802');
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain('Комментарий оставлен без нарушений');
    for (const line of [
      'Состояние: ответ дан, 11.03.2026 14:00 (Asia/Yakutsk) — в срок',
      '• 11.03.2026 09:00 (Asia/Yakutsk) — зарегистрировано, «Отдел дорожного хозяйства',
      '— передано из «Отдел дорожного хозяйства',
      'должностное лицо Сидоров (Telegram id 1000201): «двор, не дорога»',
    ]) {
      expect(alone.stdout).toContain(line);
    }
    const byPlatform = await show('801');
    expect(byPlatform.stdout).toContain('ответ сообщества на платформе (id ответа 9001): «Бригада выехала');
    expect(byPlatform.stdout).toContain('— позже срока');
  });

  it('the retention purge erases the appeal’s text, author and link; its dates and history stay', async () => {
    await seedWeek();
    await store.purgeBefore(new Date('2026-04-01T00:00:00Z'), new Date('2026-04-01T00:00:00Z'));
    const [v] = await findAppeals(store.db, '803');
    expect(v?.appeal).toMatchObject({
      text: null,
      author_name: null,
      author_id: null,
      permalink: null,
      state: 'open',
    });
    expect(v?.history).toHaveLength(1);
    // A late redelivery does not bring the text back.
    await auditAppealSink(store).handle(events.at(-1)!);
    expect((await findAppeals(store.db, '803'))[0]?.appeal.text).toBeNull();
  });

  it('the daemon records appeals in the audit log by itself (the audit sink is always wired)', async () => {
    const GROUP = 100000001;
    const vk = await new VkEmulator({ groupId: GROUP, communityToken: 'c', userToken: 'u' }).start();
    const d = await boot(
      `accounts:
  - id: nr-vk
    title: Администрация
    platform: vk
    api_base_url: ${vk.apiBaseUrl}
    platform_ids: { group_id: ${GROUP} }
    tokens: { community: VK_C, user: VK_U }
    callback: { secret: VK_S }
`,
      { VK_C: 'c', VK_U: 'u', VK_S: 's' },
      // The comment is back-dated, so the clock must not tick: it would escalate the appeal at once.
      { extra: { DATABASE_URL: tdb.url, APPEALS_TICK_MS: '3600000' } },
    );
    try {
      const hook = `${d.app.url}/webhooks/vk/nr-vk`;
      const written = yak('2026-02-20T17:00');
      const comment = vk.wallReply({
        id: 55,
        fromId: 9,
        text: 'Третий день нет горячей воды на Ленина 5, когда дадут?',
        secret: 's',
        date: Math.floor(written.getTime() / 1000),
      });
      await VkEmulator.deliverUntilOk(hook, comment);
      const reply = vk.wallReply({ id: 56, fromId: -GROUP, text: 'Бригада выехала', secret: 's' });
      await waitFor(async () => (await findAppeals(store.db, '55')).length === 1, 10_000, 'appeal recorded');
      await VkEmulator.deliverUntilOk(hook, { ...reply, object: { ...reply.object, reply_to_comment: 55 } });
      await waitFor(
        async () => (await findAppeals(store.db, '55'))[0]?.appeal.state === 'answered',
        10_000,
        'answer recorded',
      );
      const [v] = await findAppeals(store.db, 'vk:nr-vk:55');
      expect(v?.appeal).toMatchObject({
        department: 'housing',
        due_at: yak('2026-02-24T18:00').toISOString(),
      });
      expect(v?.history.map((h) => [h.type, h.by_kind])).toEqual([
        ['opened', 'system'],
        ['answered', 'platform'],
      ]);
    } finally {
      await d.stop();
      await vk.close();
    }
  });
});
