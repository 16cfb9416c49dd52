import { Markup, Telegraf, TelegramError } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelegramEmulator } from '../../emulators/telegram-emulator.ts';

const TOKEN = '42:EMU';
const GROUP = -100500;

describe('Telegram Bot API emulator (driven by real telegraf)', () => {
  let tg: TelegramEmulator;
  let bot: Telegraf;
  beforeEach(async () => {
    tg = await new TelegramEmulator({
      token: TOKEN,
      pollCapMs: 200,
      limits: { windowMs: 1000, groupMax: 5, chatMinIntervalMs: 0 },
    }).start();
    bot = new Telegraf(TOKEN, { telegram: { apiRoot: tg.apiRoot, webhookReply: false } });
  });
  afterEach(async () => {
    if (bot.botInfo) bot.stop('test');
    await tg.close();
  });

  const code = async (p: Promise<unknown>) =>
    p.then(
      () => 0,
      (e: unknown) => (e instanceof TelegramError ? e.code : -1),
    );

  it('records a flood as a violation and answers 429 with retry_after', async () => {
    const results: number[] = [];
    for (let i = 0; i < 7; i++) results.push(await code(bot.telegram.sendMessage(GROUP, `m${i}`)));
    expect(results).toEqual([0, 0, 0, 0, 0, 429, 429]);
    expect(tg.violations).toHaveLength(2);
    const err = await bot.telegram.sendMessage(GROUP, 'again').catch((e: unknown) => e as TelegramError);
    expect((err as TelegramError).parameters?.retry_after).toBe(1);
  });

  it('rejects callback_data over 64 bytes and unknown tokens', async () => {
    const long = 'я'.repeat(33); // 66 bytes
    const err = await bot.telegram
      .sendMessage(GROUP, 'x', Markup.inlineKeyboard([Markup.button.callback('a', long)]))
      .catch((e: unknown) => e as TelegramError);
    expect((err as TelegramError).description).toContain('BUTTON_DATA_INVALID');
    const other = new Telegraf('1:WRONG', { telegram: { apiRoot: tg.apiRoot } });
    expect(await code(other.telegram.getMe())).toBe(401);
  });

  it('edits: not modified, not found, and scripted failures', async () => {
    const m = await bot.telegram.sendMessage(GROUP, 'card');
    expect(await code(bot.telegram.editMessageText(GROUP, m.message_id, undefined, 'card'))).toBe(400);
    expect(await code(bot.telegram.editMessageText(GROUP, m.message_id, undefined, 'card v2'))).toBe(0);
    expect(tg.message(GROUP, m.message_id)?.versions).toEqual(['card', 'card v2']);
    expect(await code(bot.telegram.editMessageText(GROUP, 999, undefined, 'x'))).toBe(400);
    tg.failNext('editMessageText', { kind: 'retry_after', seconds: 2 });
    expect(await code(bot.telegram.editMessageText(GROUP, m.message_id, undefined, 'v3'))).toBe(429);
    expect(await code(bot.telegram.deleteMessage(GROUP, m.message_id))).toBe(0);
    expect(await code(bot.telegram.editMessageText(GROUP, m.message_id, undefined, 'v4'))).toBe(400);
  });

  it('delivers updates by long polling and confirms them by offset', async () => {
    const seen: string[] = [];
    bot.on('text', (ctx) => void seen.push(ctx.message.text));
    bot.on('callback_query', async (ctx) => {
      seen.push('data' in ctx.callbackQuery ? ctx.callbackQuery.data : '');
      await ctx.answerCbQuery('ok');
    });
    void bot.launch();
    tg.sendText({ chatId: 5, from: { id: 5, first_name: 'Анна' }, text: 'привет' });
    const sent = await bot.telegram.sendMessage(GROUP, 'card');
    const q = tg.press({
      chatId: GROUP,
      messageId: sent.message_id,
      from: { id: 5, first_name: 'Анна' },
      data: 'k:1',
    });
    await tg.waitFor(() => seen.length === 2, 5000, 'two updates');
    expect(seen).toEqual(['привет', 'k:1']);
    await tg.waitFor(() => tg.answers.find((a) => a.callback_query_id === q));
    await tg.waitFor(() => tg.pendingUpdates === 0, 5000, 'offset confirmation');
  });
});
