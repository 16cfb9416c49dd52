import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Context, Telegraf } from 'telegraf';
import type { AccountRegistry } from '../config/accounts.ts';
import type { ReviewJob } from '../queues/payloads.ts';
import { TelegramAppeals } from './appeals/telegram-appeals.ts';
import type { Backlog } from './backlog.ts';
import type { Decisions } from './decisions.ts';
import { showNext } from './next-item.ts';
import type { ReviewStats } from './review-stats.ts';
import type { ReviewStore } from './review-store.ts';
import type { TelegramOut } from './telegram-out.ts';
import { tgErrorText } from './telegram-errors.ts';
import { helpText, queueText, statsText } from './view/texts.ts';

export interface HandlerDeps {
  readonly chatId: number;
  readonly slaMinutes: number;
  readonly accounts: AccountRegistry;
  readonly reviewQueue: Queue<ReviewJob>;
  readonly store: ReviewStore;
  readonly out: TelegramOut;
  readonly backlog: Backlog;
  readonly stats: ReviewStats;
  readonly decisions: Decisions;
  /** Appeal cards and `/appeals`, when appeals are on. */
  readonly appeals?: TelegramAppeals | undefined;
  readonly log: Logger;
}

const displayName = (u: { first_name: string; last_name?: string; username?: string }) =>
  [u.first_name, u.last_name].filter(Boolean).join(' ') || (u.username ? `@${u.username}` : '');

/**
 * Registers the bot's update handlers: the chat guard, button presses and the commands. Returns the
 * set of replies in flight (shutdown waits for them).
 */
export function registerHandlers(bot: Telegraf, d: HandlerDeps): Set<Promise<unknown>> {
  const { chatId, store, out, backlog, stats, decisions, log } = d;
  const reviewQueue = d.reviewQueue;
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
  // Only the moderators' group, the departments' appeal chats and private chats are served; the bot
  // ignores other groups it is added to.
  const appeals = d.appeals;
  bot.use(async (ctx, next) => {
    const chat = ctx.chat;
    if (chat && chat.type !== 'private' && chat.id !== chatId && !appeals?.servesChat(chat.id)) {
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
    const data = 'data' in q ? q.data : '';
    try {
      if (appeals && TelegramAppeals.owns(data)) {
        await appeals.press({
          userId: q.from.id,
          userName: displayName(q.from),
          data,
          message: msg ? { chatId: msg.chat.id, messageId: msg.message_id } : undefined,
          answer,
        });
        return;
      }
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
    reply(ctx, helpText({ userId: ctx.from.id, isModerator: isMod(ctx), slaMinutes: d.slaMinutes }));
  };
  bot.start(help);
  bot.help(help);
  // Review commands belong to the moderators' group and private chats, not to the departments' chats.
  const reviewChat = (ctx: Context) => ctx.chat?.type === 'private' || ctx.chat?.id === chatId;
  const modOnly = (f: (ctx: Context) => Promise<void> | void) => (ctx: Context) => {
    if (!reviewChat(ctx)) return;
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
        reply(ctx, statsText(s.today, s.week, new Map(d.accounts.accounts.map((a) => [a.id, a.title]))));
      }),
    ),
  );
  bot.command(
    'next',
    modOnly((ctx) =>
      later('next', async () => {
        const chat = ctx.chat?.id;
        if (chat === undefined) return;
        const r = await showNext({ queue: reviewQueue, store, out, log }, chat);
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
  bot.command('appeals', (ctx) => {
    const from = ctx.from;
    later('appeals', async () => {
      const text = appeals ? await appeals.listFor(ctx.chat, from.id) : 'Обращения граждан отключены.';
      if (text === undefined)
        log.warn(
          { userId: from.id, chatId: ctx.chat.id },
          'appeals list refused: not a moderator or department member',
        );
      reply(ctx, text ?? '⛔ Список обращений доступен модераторам и сотрудникам отделов.');
    });
  });
  bot.command('undo', async (ctx) => {
    if (!reviewChat(ctx)) return;
    const from = ctx.from;
    const replied = ctx.message.reply_to_message;
    later('undo', async () => {
      const itemId = replied
        ? await store.itemByMessage({ chatId: ctx.chat.id, messageId: replied.message_id })
        : await store.lastDecision(String(from.id));
      reply(ctx, await decisions.undo(from.id, displayName(from), itemId));
    });
  });

  return background;
}
