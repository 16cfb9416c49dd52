import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Telegraf, TelegramError, type Context } from 'telegraf';
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
import { showNext } from './next-item.ts';
import { OutcomeTracker } from './outcome-tracker.ts';
import { ReviewStats } from './review-stats.ts';
import { ReviewStore } from './review-store.ts';
import { startReviewWorker, wakeReviewQueue, type CardResult } from './review-worker.ts';
import { TelegramOut } from './telegram-out.ts';
import { tgErrorText } from './telegram-errors.ts';
import { helpText, queueText, statsText } from './view/texts.ts';
import type { ReviewJob } from '../queues/payloads.ts';

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
}

export interface ReviewBot {
  readonly telegraf: Telegraf;
  readonly store: ReviewStore;
  readonly worker: Worker<ReviewJob, CardResult>;
  /** Stops polling and the worker, lets card edits in flight finish. */
  close(): Promise<void>;
}

const COMMANDS = [
  { command: 'queue', description: 'Сколько комментариев ждут решения' },
  { command: 'next', description: 'Показать следующий комментарий' },
  { command: 'stats', description: 'Статистика за сегодня и неделю' },
  { command: 'undo', description: 'Отменить решение (ответом на карточку)' },
  { command: 'help', description: 'Справка' },
];

const displayName = (u: { first_name: string; last_name?: string; username?: string }) =>
  [u.first_name, u.last_name].filter(Boolean).join(' ') || (u.username ? `@${u.username}` : '');

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

  // Command replies may wait for a pacing slot; they run beside polling so updates keep flowing.
  const background = new Set<Promise<unknown>>();
  const later = (what: string, f: () => Promise<unknown>) => {
    const p = f()
      .catch((err: unknown) => log.error({ err: tgErrorText(err), what }, 'telegram handler failed'))
      .finally(() => background.delete(p));
    background.add(p);
  };
  const reply = (ctx: Context, html: string) => {
    const chat = ctx.chat?.id;
    const to = ctx.message?.message_id;
    if (chat !== undefined) later('reply', () => out.sendText(chat, html, 15_000, to));
  };

  bot.catch((err, ctx) =>
    log.error({ err: tgErrorText(err), updateId: ctx.update.update_id }, 'telegram update failed'),
  );
  // Only the moderators' group and private chats are served; the bot ignores other groups it is added to.
  bot.use(async (ctx, next) => {
    const chat = ctx.chat;
    if (chat && chat.type !== 'private' && chat.id !== chatId) {
      log.warn({ chatId: chat.id, type: chat.type }, 'update from an unknown chat ignored');
      if (ctx.callbackQuery) await ctx.answerCbQuery().catch(() => undefined);
      return;
    }
    await next();
  });

  bot.on('callback_query', async (ctx) => {
    const q = ctx.callbackQuery;
    const msg = q.message;
    let answered = false;
    const answer = async (text: string, alert: boolean) => {
      if (answered) return;
      answered = true;
      await ctx
        .answerCbQuery(text, { show_alert: alert })
        .catch((err: unknown) => log.warn({ err: tgErrorText(err) }, 'answerCallbackQuery failed'));
    };
    try {
      await decisions.press({
        userId: q.from.id,
        userName: displayName(q.from),
        username: q.from.username,
        data: 'data' in q ? q.data : '',
        message: msg ? { chatId: msg.chat.id, messageId: msg.message_id } : undefined,
        answer,
      });
    } catch (err) {
      log.error({ err, data: 'data' in q ? q.data : undefined }, 'button press failed');
      await answer('Ошибка, попробуйте ещё раз.', true);
    }
  });

  const isMod = (ctx: Context) => ctx.from !== undefined && decisions.isModerator(ctx.from.id);
  const help = (ctx: Context) => {
    if (!ctx.from) return;
    reply(
      ctx,
      helpText({ userId: ctx.from.id, isModerator: isMod(ctx), slaMinutes: cfg.TELEGRAM_SLA_MINUTES }),
    );
  };
  bot.start(help);
  bot.help(help);
  const modOnly = (f: (ctx: Context) => Promise<void> | void) => (ctx: Context) => {
    if (!isMod(ctx)) {
      log.warn({ userId: ctx.from?.id, text: ctx.text }, 'command refused: not a moderator');
      reply(ctx, '⛔ Команда доступна только модераторам.');
      return;
    }
    return f(ctx);
  };
  bot.command(
    'queue',
    modOnly((ctx) => later('queue', async () => reply(ctx, queueText(await backlog.facts())))),
  );
  bot.command(
    'stats',
    modOnly((ctx) =>
      later('stats', async () => {
        const s = await stats.read();
        reply(ctx, statsText(s.today, s.week, new Map(deps.accounts.accounts.map((a) => [a.id, a.title]))));
      }),
    ),
  );
  bot.command(
    'next',
    modOnly((ctx) =>
      later('next', async () => {
        const chat = ctx.chat?.id;
        if (chat === undefined) return;
        const r = await showNext({ queue: reviewQueue, store, out, reviewChatId: chatId, log }, chat);
        if (r.kind === 'empty') reply(ctx, '✅ Очередь пуста: все комментарии разобраны.');
        else if (r.kind === 'busy') reply(ctx, 'Telegram просит подождать; повторите /next через минуту.');
        else if (r.kind === 'open' && chat === chatId && r.messageId !== undefined)
          await out.sendText(
            chat,
            '👆 Новых нет; самая старая карточка без решения — эта.',
            15_000,
            r.messageId,
          );
        else if (r.kind === 'open') reply(ctx, 'Новых нет; все ждущие карточки уже в чате модераторов.');
      }),
    ),
  );
  bot.command('undo', async (ctx) => {
    const from = ctx.from;
    const replied = ctx.message.reply_to_message;
    later('undo', async () => {
      const itemId = replied
        ? await store.itemByMessage({ chatId: ctx.chat.id, messageId: replied.message_id })
        : await store.lastDecision(String(from.id));
      reply(ctx, await decisions.undo(from.id, displayName(from), itemId));
    });
  });

  await tracker.start();
  await tracker.reconcile();
  const worker = startReviewWorker({
    connection: deps.workerConnection,
    prefix,
    chatId,
    maxOpen: cfg.TELEGRAM_MAX_OPEN_CARDS,
    recheckMs: Math.min(5000, Math.max(100, windowMs / 12)),
    limiter: { max: cfg.TELEGRAM_GROUP_MESSAGES_PER_WINDOW, duration: windowMs },
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
  const polling = superviseTelegramPolling(bot, log);
  await polling.ready;
  log.info(
    {
      chatId,
      moderators: moderators.size,
      apiRoot: cfg.TELEGRAM_API_ROOT,
      botUsername: bot.botInfo?.username,
    },
    'telegram review bot started (long polling)',
  );

  let closing: Promise<void> | undefined;
  return {
    telegraf: bot,
    store,
    worker,
    close: () =>
      (closing ??= (async () => {
        await polling.stop();
        await worker.close();
        await duties.stop();
        await Promise.all([...background]);
        await out.idle();
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

/**
 * Keeps long polling alive: telegraf's `launch()` rejects on 401/409 and network failures at start;
 * a 409 (another poller, e.g. an old process still running) or an outage is retried every 5 s,
 * a revoked token (401) stops polling with a fatal log line. Cards keep waiting in Redis meanwhile.
 */
function superviseTelegramPolling(
  bot: Telegraf,
  log: Logger,
): { ready: Promise<void>; stop(): Promise<void> } {
  let stopping = false;
  let wake: () => void = () => undefined;
  let launched: () => void = () => undefined;
  const ready = new Promise<void>((r) => (launched = r));
  const loop = (async () => {
    while (!stopping) {
      try {
        await bot.launch({ dropPendingUpdates: false }, () => launched());
        if (stopping) return;
        log.error('telegram polling ended unexpectedly; restarting in 5 s');
      } catch (err) {
        launched();
        if (stopping) return;
        if (err instanceof TelegramError && err.code === 401) {
          log.fatal({ err: tgErrorText(err) }, 'telegram rejected the bot token; review bot polling stopped');
          return;
        }
        log.error({ err: tgErrorText(err) }, 'telegram polling failed; restarting in 5 s');
      }
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 5000).unref();
      });
    }
  })();
  return {
    ready,
    async stop() {
      stopping = true;
      wake();
      try {
        bot.stop('shutdown');
      } catch {
        // Not polling at this moment (between retries).
      }
      await loop;
    },
  };
}
