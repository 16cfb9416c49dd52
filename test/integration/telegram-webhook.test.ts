import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/local-redis.ts';
import { REVIEW_TEXTS, vkWallComment } from '../helpers/review-fixtures.ts';
import { ACCOUNT, button, GROUP, MOD_ANNA, startHarness, type Harness } from '../helpers/telegram-harness.ts';

const SECRET = 'wh-secret_123';

describe('telegram review bot in webhook mode', () => {
  let h: Harness;
  let hookUrl: string;
  beforeAll(async () => {
    const port = await freePort();
    hookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
    h = await startHarness({
      ROLES: 'http,moderate,act,review',
      HTTP_PORT: String(port),
      TELEGRAM_WEBHOOK_URL: hookUrl,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('registers the webhook with its secret and does not poll', async () => {
    expect(h.tg.webhook).toEqual({ url: hookUrl, secret: SECRET });
    const set = h.tg.callsOf('setWebhook')[0];
    expect(set?.params.allowed_updates).toEqual(['message', 'callback_query']);
    expect(h.tg.pollCount).toBe(0);
  });

  it('button presses arrive by webhook; «Удалить» deletes once; a redelivered update is dropped', async () => {
    await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id: 1, text: REVIEW_TEXTS.flagged }));
    const card = await h.tg.waitFor(() => h.cards()[0], 10_000, 'card');
    const data = button(card, 'Удалить');
    h.tg.press({ chatId: GROUP, messageId: card.messageId, from: MOD_ANNA, data });
    await h.tg.waitFor(() => card.text.includes('Выполнено'), 10_000, 'outcome');
    await h.tg.webhookIdle();
    const first = h.tg.webhookDeliveries.at(-1)!;
    expect(first.status).toBe(200);
    const answers = h.tg.answers.length;
    await h.tg.redeliver(first.update_id, {
      callback_query: {
        id: 'again',
        from: { id: MOD_ANNA.id, is_bot: false, first_name: MOD_ANNA.first_name },
        chat_instance: 'x',
        data,
        message: { message_id: card.messageId, chat: { id: GROUP, type: 'supergroup' }, date: 0 },
      },
    });
    expect(h.tg.webhookDeliveries.at(-1)).toEqual({ update_id: first.update_id, status: 200 });
    await new Promise((r) => setTimeout(r, 200));
    expect(h.tg.answers.length).toBe(answers);
    expect(h.vk.deleteCalls()).toHaveLength(1);
  });

  it('refuses updates without the secret token', async () => {
    const res = await fetch(hookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' },
      body: JSON.stringify({ update_id: 99 }),
    });
    expect(res.status).toBe(403);
    const bad = await fetch(hookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify({ nope: 1 }),
    });
    expect(bad.status).toBe(400);
  });
});
