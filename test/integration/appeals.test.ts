import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AppealSetupHolder } from '../../config/appeals-loader.ts';
import { detectAppeal } from '../../core/appeals/appeal-detector.ts';
import type { AppealEvent } from '../../core/appeals/appeal-record.ts';
import { facebookPayloads as fbPayloads, GraphEmulator } from '../../emulators/graph-emulator.ts';
import { VkEmulator } from '../../emulators/vk-emulator.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { AppealClock } from '../../workers/appeals/appeal-clock.ts';
import { AppealDesk } from '../../workers/appeals/appeal-desk.ts';
import { AppealEventDispatcher } from '../../workers/appeals/appeal-event-dispatcher.ts';
import { AppealRegistry } from '../../workers/appeals/appeal-registry.ts';
import type { AppealSink } from '../../workers/appeals/appeal-sink.ts';
import { appealFor, shippedAppealSetup } from '../helpers/appeal-fixture.ts';
import { REDIS_URL, startHarness, uniquePrefix, waitFor, type Harness } from '../helpers/harness.ts';
import { VK_GROUP_ID } from '../helpers/vk-fixture.ts';
import { logCommands } from '../helpers/command-log.ts';
import { boot, type Booted } from '../helpers/platform-daemon.ts';

const yak = (local: string): Date => new Date(`${local}+09:00`);
const unix = (d: Date): number => Math.floor(d.getTime() / 1000);
const setup = await shippedAppealSetup();
const silent = pino({ level: 'silent' });
const official = { id: '1000101', name: 'Петрова' };

function recordingSink(name = 'test', failFirst = 0): AppealSink & { events: AppealEvent[] } {
  const events: AppealEvent[] = [];
  let failures = failFirst;
  return {
    name,
    events,
    async handle(e) {
      if (failures-- > 0) throw new Error('sink down');
      events.push(e);
    },
  };
}

describe('appeals through the whole pipeline (VK webhook → moderate → appeal register)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('a complaint with мат is deleted by moderation AND becomes one appeal with the right deadline; a community reply closes it', async () => {
    h = await startHarness('appeals-e2e');
    const hook = `${h.app.url}/webhooks/vk/test-vk`;
    const registry = h.app.appeals!.registry;
    // Friday 17:00 in Neryungri, before the weekend and the 23 February holiday.
    const written = yak('2026-02-20T17:00');
    const event = h.vk.wallReply({
      id: 55,
      fromId: 9,
      text: 'Какого хуя третий день нет горячей воды на Ленина 5?',
      secret: 'cb-secret',
      date: unix(written),
    });
    expect(await VkEmulator.deliver(hook, event)).toEqual({ status: 200, body: 'ok' });
    await waitFor(async () => (await registry.get('vk:test-vk:55')) !== undefined, 10_000, 'appeal');
    await waitFor(() => h!.vk.deleteCalls().length === 1, 10_000, 'moderation delete');

    const appeal = await registry.get('vk:test-vk:55');
    expect(appeal).toMatchObject({
      state: 'open',
      topic: 'housing',
      // «Какого х** … ?» asks why: a question (request > question > complaint).
      kind: 'question',
      department: 'housing',
      moderationOutcome: 'delete',
      text: 'Какого х** третий день нет горячей воды на Ленина 5?',
      // 1 h on Friday, weekend, holiday Monday, 8 h on Tuesday.
      dueAt: yak('2026-02-24T18:00').toISOString(),
    });
    expect(await h.app.appeals!.desk.list('housing')).toHaveLength(1);

    // The same delivery again (VK retry): still one appeal, one `opened` event.
    expect(await VkEmulator.deliver(hook, event, 1)).toEqual({ status: 200, body: 'ok' });
    await new Promise((r) => setTimeout(r, 300));
    const r = new Redis(REDIS_URL);
    try {
      const entries = await r.xrange(registry.keys.events, '-', '+');
      expect(entries.filter(([, f]) => f[1] === 'opened')).toHaveLength(1);
    } finally {
      r.disconnect();
    }

    // The community answers under the comment on VK: the appeal is answered at the reply's time.
    const repliedAt = yak('2026-02-24T10:15');
    const reply = h.vk.wallReply({
      id: 56,
      fromId: -VK_GROUP_ID,
      text: 'Бригада выехала',
      secret: 'cb-secret',
      date: unix(repliedAt),
    });
    const replyEvent = { ...reply, object: { ...reply.object, reply_to_comment: 55 } };
    expect(await VkEmulator.deliver(hook, replyEvent)).toEqual({ status: 200, body: 'ok' });
    const answered = await registry.get('vk:test-vk:55');
    expect(answered).toMatchObject({
      state: 'answered',
      answeredAt: repliedAt.toISOString(),
      answeredBy: { kind: 'platform', replyId: '56', authorId: `-${VK_GROUP_ID}` },
    });
    expect(answered?.history.map((x) => x.type)).toEqual(['opened', 'answered']);
    expect(await h.app.appeals!.desk.list()).toHaveLength(0);
    // The reply is the community's own comment: never moderated, never an appeal.
    expect(await registry.get('vk:test-vk:56')).toBeUndefined();
  });

  it('thanks and chatter open no appeal; moderation goes on as before', async () => {
    h = await startHarness('appeals-none');
    await h.app.intake.submit({
      platform: 'vk',
      accountId: 'test-vk',
      commentId: '70',
      objectId: '1',
      kind: 'wall_comment',
      author: { id: '9', name: '' },
      text: 'Спасибо коммунальщикам, воду дали быстро!',
      createdAt: new Date().toISOString(),
      receivedAt: Date.now(),
    });
    await waitFor(async () => (await h!.app.intake.queue.getCompletedCount()) >= 1, 10_000, 'moderated');
    expect(await h.app.appeals!.registry.get('vk:test-vk:70')).toBeUndefined();
  });
});

describe('appeal register on real Redis: escalation, reminders, transfer, sinks', () => {
  const prefix = uniquePrefix('appeals-reg');
  let redis: Redis | undefined;
  let stream: Redis | undefined;
  afterEach(async () => {
    redis?.disconnect();
    stream?.disconnect();
    await deletePrefix(REDIS_URL, prefix);
  });

  it('an unanswered appeal gets a reminder, then is escalated once after its deadline; sinks get every event, retried after a failure', async () => {
    redis = new Redis(REDIS_URL);
    stream = new Redis(REDIS_URL);
    const registry = new AppealRegistry(redis, prefix);
    const sink = recordingSink('telegram', 1);
    const dispatcher = new AppealEventDispatcher(stream, registry.keys, sink, silent, { retryAfterMs: 0 });
    await dispatcher.ensureGroup();
    const appeal = appealFor(
      setup,
      'Просим убрать снег с тротуара на Мира, не пройти',
      yak('2026-03-11T09:00'),
      '801',
    );
    expect(appeal.dueAt).toBe(yak('2026-03-12T10:00').toISOString());
    // Two working hours before the deadline: 1 h on Thursday morning + the last hour of Wednesday.
    expect(appeal.remindAt).toBe(yak('2026-03-11T17:00').toISOString());
    expect((await registry.open(appeal)).created).toBe(true);
    expect((await registry.open(appeal)).created).toBe(false);

    const clock = new AppealClock(registry, silent);
    expect(await clock.tick(yak('2026-03-11T16:59'))).toEqual({ reminded: [], escalated: [] });
    expect(await clock.tick(yak('2026-03-11T17:00'))).toEqual({
      reminded: ['vk:neryungri-vk:801'],
      escalated: [],
    });
    expect(await clock.tick(yak('2026-03-12T10:01'))).toEqual({
      reminded: [],
      escalated: ['vk:neryungri-vk:801'],
    });
    expect(await clock.tick(yak('2026-03-12T11:00'))).toEqual({ reminded: [], escalated: [] });
    expect((await registry.get('vk:neryungri-vk:801'))?.state).toBe('escalated');
    expect((await registry.listOverdue(yak('2026-03-12T11:00'))).map((a) => a.id)).toEqual([
      'vk:neryungri-vk:801',
    ]);

    // First delivery fails (the sink is down): nothing is lost, the next run claims it again.
    await dispatcher.runOnce();
    await dispatcher.runOnce();
    expect(sink.events.map((e) => e.type)).toEqual(['opened', 'reminder_due', 'escalated']);
    const escalated = sink.events[2]!;
    expect(escalated.appeal.escalatedAt).toBe(yak('2026-03-12T10:01').toISOString());
    expect(await dispatcher.runOnce()).toBe(0);
  });

  // Regression: after a failed delivery the events behind it waited for their retry (30 s), but newer
  // events were read and delivered meanwhile — the department saw «answered» before «opened».
  it('after a failed delivery nothing newer is delivered before the failed events are', async () => {
    redis = new Redis(REDIS_URL);
    stream = new Redis(REDIS_URL);
    const registry = new AppealRegistry(redis, prefix);
    const sink = recordingSink('telegram', 1);
    const dispatcher = new AppealEventDispatcher(stream, registry.keys, sink, silent, { retryAfterMs: 1000 });
    await dispatcher.ensureGroup();
    const appeal = appealFor(
      setup,
      'Просим убрать снег с тротуара на Мира, не пройти',
      yak('2026-03-11T09:00'),
      '802',
    );
    await registry.open(appeal);
    await new AppealClock(registry, silent).tick(yak('2026-03-11T17:00')); // reminder_due
    expect(await dispatcher.runOnce()).toBe(0); // «opened» fails; it and «reminder_due» stay pending
    await registry.act(appeal.id, {
      type: 'answer',
      at: yak('2026-03-11T18:00'),
      by: { kind: 'official', id: '1', name: 'Петрова' },
    });
    expect(await dispatcher.runOnce()).toBe(0); // not yet due for the retry: nothing newer either
    await new Promise((r) => setTimeout(r, 1100));
    while ((await dispatcher.runOnce()) > 0);
    expect(sink.events.map((e) => e.type)).toEqual(['opened', 'reminder_due', 'answered']);
  });

  it('a community reply read before its appeal is registered answers it when it opens; a reply recorded twice counts once', async () => {
    redis = new Redis(REDIS_URL);
    const registry = new AppealRegistry(redis, prefix);
    const appeal = appealFor(
      setup,
      'Когда починят лифт на Дружбы Народов 25?',
      yak('2026-03-11T09:00'),
      '811',
    );
    const reply = (replyId: string, local: string) => ({
      platform: 'vk' as const,
      accountId: 'neryungri-vk',
      replyId,
      inReplyTo: '811',
      authorId: '-100000001',
      text: 'Заявка передана',
      repliedAt: yak(local).toISOString(),
    });
    // Both replies come before the appeal exists: the first one is the answer.
    expect(await registry.recordCommunityReply(reply('812', '2026-03-11T09:05'))).toMatchObject({
      refused: 'unknown',
    });
    await registry.recordCommunityReply(reply('813', '2026-03-11T09:30'));
    expect((await registry.open(appeal)).created).toBe(true);
    const answered = await registry.get(appeal.id);
    expect(answered).toMatchObject({
      state: 'answered',
      answeredAt: yak('2026-03-11T09:05').toISOString(),
      answeredBy: { kind: 'platform', replyId: '812' },
    });
    expect(answered?.history.map((x) => x.type)).toEqual(['opened', 'answered']);
    expect(await redis.exists(registry.keys.earlyReply(appeal.id))).toBe(0);
    // Read again (a redelivery, a re-polled page) and the appeal re-opened by a retried job: no change.
    expect(await registry.recordCommunityReply(reply('812', '2026-03-11T09:05'))).toMatchObject({
      refused: 'final',
    });
    expect((await registry.open(appeal)).created).toBe(false);
    expect((await registry.get(appeal.id))?.revision).toBe(answered?.revision);
    const types = (await redis.xrange(registry.keys.events, '-', '+')).map(([, f]) => f[1]);
    expect(types).toEqual(['opened', 'answered']);
    expect(await redis.exists(registry.keys.earlyReply(appeal.id))).toBe(0);
  });

  // Regression: each open read the early-reply key with a GET of its own, and a repeated open read the
  // record once more; the commit script answers both now.
  it('an open is one command; a repeated open reads nothing more than the record it returns', async () => {
    redis = new Redis(REDIS_URL);
    const registry = new AppealRegistry(redis, prefix);
    const appeal = appealFor(
      setup,
      'Когда отремонтируют крышу на Кравченко 7?',
      yak('2026-03-11T09:00'),
      '911',
    );
    await redis.ping(); // the connection's own set-up commands are not the open's
    const log = logCommands(redis);
    expect((await registry.open(appeal)).created).toBe(true);
    expect(log.names).toEqual(['eval']);
    const again = await registry.open(appeal);
    log.stop();
    expect(log.names).toEqual(['eval', 'eval']);
    expect(again).toEqual({ appeal: await registry.get(appeal.id), created: false });
    expect(again.appeal.revision).toBe(appeal.revision);
  });

  it('«Передать» moves the appeal to another department with its history; concurrent buttons change it once', async () => {
    redis = new Redis(REDIS_URL);
    const registry = new AppealRegistry(redis, prefix);
    const desk = new AppealDesk(
      registry,
      () => setup.routing,
      () => yak('2026-03-11T11:00'),
    );
    const appeal = appealFor(
      setup,
      'Яма на дороге у дома Кравченко 9, когда заделают?',
      yak('2026-03-11T09:00'),
      '802',
    );
    expect(appeal.department).toBe('roads');
    await registry.open(appeal);

    expect(await desk.transfer(appeal.id, 'nowhere', official)).toEqual({
      ok: false,
      refused: 'unknown_department',
      department: 'nowhere',
    });
    const moved = await desk.transfer(appeal.id, 'improvement', official, 'двор, не дорога');
    expect(moved.ok).toBe(true);
    const rec = await registry.get(appeal.id);
    expect(rec).toMatchObject({ state: 'transferred', department: 'improvement', dueAt: appeal.dueAt });
    expect(rec?.history.map((x) => [x.type, x.fromDepartment ?? '', x.department])).toEqual([
      ['opened', '', 'roads'],
      ['transferred', 'roads', 'improvement'],
    ]);
    expect(await desk.list('roads')).toEqual([]);
    expect((await desk.list('improvement')).map((a) => a.id)).toEqual([appeal.id]);

    const [a, b] = await Promise.all([
      desk.answered(appeal.id, official),
      desk.notAnAppeal(appeal.id, official),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const closed = await registry.get(appeal.id);
    expect(closed?.history).toHaveLength(3);
    expect(await desk.list('improvement')).toEqual([]);
    expect(await registry.dueIds('escalate', yak('2027-01-01T00:00'))).toEqual([]);
  });
});

describe('appeal files hot reload', () => {
  it('an edited topics file is reloaded; a broken edit keeps the previous files', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'strazh-appeals-'));
    const files = {
      APPEALS_TOPICS_FILE: path.join(dir, 'topics.yaml'),
      APPEALS_ROUTING_FILE: path.join(dir, 'routing.yaml'),
      APPEALS_CALENDAR_FILE: path.join(dir, 'calendar.yaml'),
    };
    await copyFile('rules/appeals/topics.yaml', files.APPEALS_TOPICS_FILE);
    await copyFile('rules/appeals/routing.yaml', files.APPEALS_ROUTING_FILE);
    await copyFile('config/calendar/ru-sakha-2026-2027.yaml', files.APPEALS_CALENDAR_FILE);
    const holder = await AppealSetupHolder.open(files, silent);
    try {
      const text = 'Гусеничный вездеход застрял у Иенгры, помогите вытащить';
      const before = holder.current.detector.version;
      holder.watch(50);
      const source = await readFile(files.APPEALS_TOPICS_FILE, 'utf8');
      await writeFile(
        files.APPEALS_TOPICS_FILE,
        source.replace('words: [автобус*,', 'words: [вездеход*, автобус*,'),
      );
      await waitFor(() => holder.current.detector.version !== before, 5000, 'reload');
      expect(detectAppeal(holder.current.detector, text).topic).toBe('transport');
      const good = holder.current.detector.version;
      await writeFile(files.APPEALS_TOPICS_FILE, source.replace('threshold: 0.5', 'threshold: 5'));
      await new Promise((r) => setTimeout(r, 400));
      expect(await holder.reload()).toBe(false);
      expect(holder.current.detector.version).toBe(good);
    } finally {
      holder.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('answer detection on Facebook (Graph webhook)', () => {
  const PAGE = '1234567890321';
  const env = { FB_TOKEN: 'page-token', FB_SECRET: 'app-secret', FB_VERIFY: 'verify' };
  let graph: GraphEmulator | undefined;
  let d: Booted | undefined;
  afterEach(async () => {
    await d?.stop();
    await graph?.close();
    d = undefined;
    graph = undefined;
  });

  it("the Page's reply to a citizen's comment marks its appeal answered", async () => {
    graph = await new GraphEmulator({ accessTokens: [env.FB_TOKEN], businessId: PAGE }).start();
    d = await boot(
      `accounts:
  - id: nr-fb
    title: Администрация Нерюнгринского района
    platform: facebook
    mode: enforce
    api_base_url: ${graph.url}
    platform_ids: { page_id: ${PAGE} }
    tokens: { access_token: FB_TOKEN, app_secret: FB_SECRET, verify_token: FB_VERIFY }
`,
      env,
    );
    const hook = `${d.app.url}/webhooks/facebook`;
    const send = (change: unknown) =>
      GraphEmulator.deliver(
        hook,
        fbPayloads.notification([{ pageId: PAGE, changes: [change] }]),
        env.FB_SECRET,
      );
    const citizen = fbPayloads.comment({
      pageId: PAGE,
      commentId: '901_950',
      fromId: '55',
      message: 'Когда починят лифт на Дружбы Народов 25? Не работает с октября',
    });
    expect((await send(citizen)).status).toBe(200);
    const registry = d.app.appeals!.registry;
    await waitFor(async () => (await registry.get('facebook:nr-fb:901_950')) !== undefined, 10_000, 'appeal');
    expect((await registry.get('facebook:nr-fb:901_950'))?.department).toBe('housing');

    const pageReply = fbPayloads.comment({
      pageId: PAGE,
      commentId: '901_951',
      fromId: PAGE,
      parentId: '901_950',
      message: 'Заявка передана в управляющую компанию',
    });
    expect((await send(pageReply)).status).toBe(200);
    const answered = await registry.get('facebook:nr-fb:901_950');
    expect(answered).toMatchObject({
      state: 'answered',
      answeredBy: { kind: 'platform', replyId: '901_951' },
    });
    expect(answered?.answeredAt).toBe(new Date(1_700_000_000 * 1000).toISOString());
  });
});
