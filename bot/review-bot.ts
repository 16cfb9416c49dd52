import type { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Telegraf, TelegramError } from 'telegraf';
import type { AccountRegistry } from '../config/accounts.ts';
import type { Config } from '../config/env.ts';
import { actQueueName } from '../queues/names.ts';
import type { ModerationObserver } from '../workers/moderation-observer.ts';
import type { PipelineQueues } from '../workers/pipeline-queues.ts';
import { Backlog } from './backlog.ts';
import { ChatDuties } from './chat-duties.ts';
import { ChatPacer } from './chat-pacer.ts';
import { Decisions } from './decisions.ts';
import { DeadLetterNotices } from './dead-letter-notices.ts';
import { registerHandlers } from './bot-handlers.ts';
import { OutcomeTracker } from './outcome-tracker.ts';
import { ReviewStats } from './review-stats.ts';
import { ReviewStore } from './review-store.ts';
import { startReviewWorker, wakeReviewQueue, type CardResult } from './review-worker.ts';
import { TelegramOut } from './telegram-out.ts';
import { tgErrorText } from './telegram-errors.ts';
import { superviseTelegramPolling } from './polling-supervisor.ts';
import { registerWebhook, telegramWebhookRoute } from './telegram-webhook.ts';
import type { ReviewJob } from '../queues/payloads.ts';
import type { AppealDesk } from '../workers/appeals/appeal-desk.ts';
import { AppealCardStore } from './appeals/appeal-card-store.ts';
import { TelegramAppeals } from './appeals/telegram-appeals.ts';

export interface ReviewBotDeps {
  readonly cfg: Config;
  readonly accounts: AccountRegistry;
  readonly queues: PipelineQueues;
  readonly observer: ModerationObserver;
  /** Producer connection (commands, state). */
  readonly redis: Redis;
  /** Connection for the BullMQ worker (`maxRetriesPerRequest: null`). */
  readonly workerConnection: Redis;
  /** Makes a new blocking connection (QueueEvents). */
  readonly connect: () => Redis;
  readonly log: Logger;
  /** Citizens' appeals (clause 3): cards in the departments' chats, their buttons and `/appeals`. */
  readonly appealDesk?: AppealDesk | undefined;
}

export interface ReviewBot {
  readonly telegraf: Telegraf;
  readonly store: ReviewStore;
  readonly worker: Worker<ReviewJob, CardResult>;
  /** In webhook mode, the route the http server must serve (POST at the webhook URL's path). */
  readonly webhookRoute: ((app: FastifyInstance) => void) | undefined;
  /** The appeal sink (`telegram`) to register with the appeal outbox, when appeals are on. */
  readonly appealSink: TelegramAppeals | undefined;
  /** Stops polling and the worker, lets card edits in flight finish. */
  close(): Promise<void>;
}

const COMMANDS = [
  { command: 'queue', description: 'Сколько комментариев ждут решения' },
  { command: 'next', description: 'Показать следующий комментарий' },
  { command: 'stats', description: 'Статистика за сегодня и неделю' },
  { command: 'undo', description: 'Отменить решение (ответом на карточку)' },
  { command: 'appeals', description: 'Открытые обращения граждан по сроку' },
  { command: 'help', description: 'Справка' },
];

/**
 * Starts the moderators' Telegram bot (long polling) and the `{review}` worker that posts its cards.
 *
 * @throws Error when TELEGRAM_BOT_TOKEN or TELEGRAM_REVIEW_CHAT_ID is missing.
 */
export async function startReviewBot(deps: ReviewBotDeps): Promise<ReviewBot> {
  const { cfg, log } = deps;
  if (!cfg.TELEGRAM_BOT_TOKEN) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  if (!cfg.TELEGRAM_REVIEW_CHAT_ID) throw new Error('TELEGRAM_REVIEW_CHAT_ID is not set');
  const chatId = Number(cfg.TELEGRAM_REVIEW_CHAT_ID);
  const prefix = cfg.QUEUE_PREFIX;
  const tz = cfg.TELEGRAM_TIMEZONE;
  const windowMs = cfg.TELEGRAM_RATE_WINDOW_MS;
  const moderators = new Set(cfg.TELEGRAM_MODERATOR_IDS);
  if (moderators.size === 0) log.warn('TELEGRAM_MODERATOR_IDS is empty: nobody can decide on review cards');

  const bot = new Telegraf(cfg.TELEGRAM_BOT_TOKEN, {
    telegram: { apiRoot: cfg.TELEGRAM_API_ROOT, webhookReply: false },
    handlerTimeout: 60_000,
  });
  // A rejected token is a configuration error worth failing start-up for; anything else is retried.
  try {
    bot.botInfo = await bot.telegram.getMe();
  } catch (err) {
    if (err instanceof TelegramError && err.code === 401)
      throw new Error('Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized)', { cause: err });
    log.error({ err: tgErrorText(err) }, 'telegram getMe failed; polling will keep retrying');
  }
  const store = new ReviewStore(deps.redis, prefix);
  const pacer = new ChatPacer(deps.redis, prefix, {
    groupMax: cfg.TELEGRAM_GROUP_MESSAGES_PER_WINDOW,
    windowMs,
  });
  const out = new TelegramOut(bot.telegram, pacer, store, deps.accounts, tz, log);
  const reviewQueue = deps.queues.review;
  const backlog = new Backlog(
    reviewQueue,
    store,
    out,
    chatId,
    cfg.TELEGRAM_MAX_OPEN_CARDS,
    Math.max(250, windowMs / 12),
    log,
  );
  const stats = new ReviewStats(deps.redis, prefix, tz);
  const notices = new DeadLetterNotices(deps.redis, prefix);
  const platforms = [...new Set(deps.accounts.accounts.map((a) => a.platform))];
  const tracker = new OutcomeTracker(
    platforms.map(actQueueName),
    deps.connect,
    prefix,
    store,
    out,
    log,
    deps.redis,
  );
  const decisions = new Decisions({
    store,
    out,
    queues: deps.queues,
    accounts: deps.accounts,
    observer: deps.observer,
    moderators,
    undoWindowMs: cfg.TELEGRAM_UNDO_WINDOW_MINUTES * 60_000,
    timeZone: tz,
    log,
    onFreed: () =>
      void wakeReviewQueue(reviewQueue).catch((err: unknown) => log.debug({ err }, 'wake review queue')),
  });

  const appeals = deps.appealDesk
    ? new TelegramAppeals({
        desk: deps.appealDesk,
        cards: new AppealCardStore(deps.redis, prefix),
        out,
        accounts: deps.accounts,
        moderators,
        reviewChatId: chatId,
        timeZone: tz,
        log,
      })
    : undefined;
  const background = registerHandlers(bot, {
    appeals,
    chatId,
    slaMinutes: cfg.TELEGRAM_SLA_MINUTES,
    accounts: deps.accounts,
    reviewQueue,
    store,
    out,
    backlog,
    stats,
    decisions,
    log,
  });

  await tracker.start();
  await tracker.reconcile();
  const worker = startReviewWorker({
    connection: deps.workerConnection,
    prefix,
    chatId,
    maxOpen: cfg.TELEGRAM_MAX_OPEN_CARDS,
    recheckMs: Math.min(5000, Math.max(100, windowMs / 12)),
    // BullMQ applies worker.rateLimit() only to a queue with a limiter. Held-back fetches count
    // against it too, so it is a loose ceiling; the ChatPacer does the exact pacing.
    limiter: { max: cfg.TELEGRAM_GROUP_MESSAGES_PER_WINDOW * 3, duration: windowMs },
    store,
    out,
    backlog,
    observer: deps.observer,
    log,
  });
  const duties = new ChatDuties({
    queue: reviewQueue,
    store,
    out,
    backlog,
    notices,
    tracker,
    chatId,
    slaMs: cfg.TELEGRAM_SLA_MINUTES * 60_000,
    tickMs: Math.min(15_000, Math.max(200, windowMs / 12)),
    log,
  });
  duties.start();
  await bot.telegram
    .setMyCommands(COMMANDS)
    .catch((err: unknown) => log.warn({ err: tgErrorText(err) }, 'setMyCommands failed'));
  const webhookUrl = cfg.TELEGRAM_WEBHOOK_URL;
  const intake = webhookUrl
    ? registerWebhook(bot, webhookUrl, cfg.TELEGRAM_WEBHOOK_SECRET, log)
    : superviseTelegramPolling(bot, log);
  await intake.ready;
  const webhookRoute = webhookUrl
    ? telegramWebhookRoute({
        bot,
        path: new URL(webhookUrl).pathname,
        secret: cfg.TELEGRAM_WEBHOOK_SECRET,
        redis: deps.redis,
        prefix,
        log,
      })
    : undefined;
  log.info(
    {
      chatId,
      moderators: moderators.size,
      apiRoot: cfg.TELEGRAM_API_ROOT,
      botUsername: bot.botInfo?.username,
      mode: webhookUrl ? 'webhook' : 'long polling',
    },
    'telegram review bot started',
  );

  let closing: Promise<void> | undefined;
  return {
    telegraf: bot,
    store,
    worker,
    webhookRoute,
    appealSink: appeals,
    close: () =>
      (closing ??= (async () => {
        await intake.stop();
        appeals?.stop();
        await worker.close();
        await duties.stop();
        await Promise.all([...background]);
        await out.idle();
        await appeals?.idle();
        await tracker.close();
        log.info('telegram review bot stopped');
      })()),
  };
}

/** The observers the pipeline feeds for the bot (`/stats` counters, dead-letter notices); cheap, Redis only. */
export function telegramObservers(redis: Redis, cfg: Config, log: Logger): ModerationObserver[] {
  return [
    new ReviewStats(redis, cfg.QUEUE_PREFIX, cfg.TELEGRAM_TIMEZONE).observer(log),
    new DeadLetterNotices(redis, cfg.QUEUE_PREFIX).observer(log),
  ];
}
