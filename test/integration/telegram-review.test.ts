import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_TEXTS, vkWallComment } from '../helpers/review-fixtures.ts';
import {
  ACCOUNT,
  button,
  GROUP,
  MOD_ANNA,
  MOD_BORIS,
  STRANGER,
  startHarness,
  type Harness,
} from '../helpers/telegram-harness.ts';

describe('telegram review bot: cards and decisions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('a flagged comment produces one card with the three buttons; a clean one none', async () => {
    await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id: 1, text: REVIEW_TEXTS.flagged }));
    await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id: 2, text: REVIEW_TEXTS.clean }));
    const card = await h.tg.waitFor(() => h.cards()[0], 10_000, 'a card');
    await new Promise((r) => setTimeout(r, 500));
    expect(h.cards()).toHaveLength(1);
    expect(card.parseMode).toBe('HTML');
    expect(card.text).toContain('<b><u>идиоты</u></b>');
    expect(card.text).toContain('insult.weak');
    const labels = (card.keyboard ?? []).flat().map((b) => b.text);
    expect(labels).toEqual(['🗑 Удалить', '✅ Оставить', '⛔ Удалить и заблокировать (7 дн.)']);
    for (const b of (card.keyboard ?? []).flat())
      expect(Buffer.byteLength(b.callback_data ?? '')).toBeLessThanOrEqual(64);
  });

  it('a non-moderator press changes nothing; a moderator «Удалить» deletes once and edits the card', async () => {
    const card = h.cards()[0]!;
    const before = card.text;
    const q1 = h.tg.press({
      chatId: GROUP,
      messageId: card.messageId,
      from: STRANGER,
      data: button(card, 'Удалить'),
    });
    const a1 = await h.tg.waitFor(() => h.tg.answers.find((a) => a.callback_query_id === q1), 5000, 'answer');
    expect(a1.show_alert).toBe(true);
    expect(a1.text).toContain('только модераторы');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.vk.deleteCalls()).toHaveLength(0);
    expect(card.text).toBe(before);
    expect(card.keyboard).toBeDefined();

    const q2 = h.tg.press({
      chatId: GROUP,
      messageId: card.messageId,
      from: MOD_ANNA,
      data: button(card, 'Удалить'),
    });
    await h.tg.waitFor(() => h.tg.answers.find((a) => a.callback_query_id === q2), 5000, 'answer');
    await h.tg.waitFor(() => card.text.includes('Выполнено'), 10_000, 'outcome on the card');
    expect(h.vk.deleteCalls()).toHaveLength(1);
    expect(h.vk.deleteCalls()[0]?.params.comment_id).toBe('1');
    expect(card.text).toContain('Решение:</b> удалить — Анна');
    expect(card.keyboard).toBeUndefined();
  });

  it('two moderators pressing at once lead to one action; the second is told who decided', async () => {
    await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id: 3, text: REVIEW_TEXTS.flagged }));
    const card = await h.tg.waitFor(
      () => h.cards().find((c) => c.text.includes('reply=3')),
      10_000,
      'card 3',
    );
    const deletesBefore = h.vk.deleteCalls().length;
    const qa = h.tg.press({
      chatId: GROUP,
      messageId: card.messageId,
      from: MOD_ANNA,
      data: button(card, 'Удалить'),
    });
    const qb = h.tg.press({
      chatId: GROUP,
      messageId: card.messageId,
      from: MOD_BORIS,
      data: button(card, 'Оставить'),
    });
    const [a, b] = await h.tg.waitFor(() => {
      const x = h.tg.answers.find((v) => v.callback_query_id === qa);
      const y = h.tg.answers.find((v) => v.callback_query_id === qb);
      return x && y ? [x, y] : undefined;
    });
    expect(a?.text).toBe('Принято: удалить');
    expect(b?.show_alert).toBe(true);
    expect(b?.text).toMatch(/^Уже решено: «удалить» — Анна, \d\d\.\d\d \d\d:\d\d$/);
    await h.tg.waitFor(() => card.text.includes('Выполнено'), 10_000, 'outcome');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.vk.deleteCalls().length - deletesBefore).toBe(1);
    expect(h.vk.callsOf('groups.ban')).toHaveLength(0);
  });

  it('unknown or forged button data is answered and changes nothing', async () => {
    const card = h.cards()[0]!;
    const q = h.tg.press({ chatId: GROUP, messageId: card.messageId, from: MOD_ANNA, data: 'x:zzz' });
    const q2 = h.tg.press({ chatId: GROUP, messageId: card.messageId, from: MOD_ANNA, data: 'd:zzzzzz' });
    const a = await h.tg.waitFor(() => h.tg.answers.find((v) => v.callback_query_id === q));
    const a2 = await h.tg.waitFor(() => h.tg.answers.find((v) => v.callback_query_id === q2));
    expect(a.text).toContain('больше не действует');
    expect(a2.text).toContain('устарела');
  });

  it('/undo on a deleted wall comment restores it on VK and reopens the card', async () => {
    const card = h.cards().find((c) => c.text.includes('reply=3'))!;
    h.tg.sendText({ chatId: GROUP, from: MOD_BORIS, text: '/undo', replyTo: card.messageId });
    await h.tg.waitFor(() => h.vk.callsOf('wall.restoreComment').length === 1, 10_000, 'restore call');
    expect(h.vk.callsOf('wall.restoreComment')[0]?.params.comment_id).toBe('3');
    await h.tg.waitFor(
      () => card.keyboard !== undefined && card.text.includes('восстановлен'),
      10_000,
      'reopened card',
    );
    expect(card.text).toContain('Решение «удалить» (Анна) отменено: Борис');
    // Decided again after the undo: a new action, not swallowed by the earlier job id.
    h.tg.press({
      chatId: GROUP,
      messageId: card.messageId,
      from: MOD_BORIS,
      data: button(card, 'Удалить и заблокировать'),
    });
    await h.tg.waitFor(() => h.vk.callsOf('groups.ban').length === 1, 10_000, 'ban call');
    const ban = h.vk.callsOf('groups.ban')[0]!;
    expect(ban.params.owner_id).toBe('503');
    expect(Number(ban.params.end_date) - Date.now() / 1000).toBeGreaterThan(7 * 86_400 - 60);
  });

  it('a failed platform action is shown on the card and a dead-letter notice reaches the chat', async () => {
    h.vk.failNext('wall.deleteComment', 15, 5);
    await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id: 4, text: REVIEW_TEXTS.obscene }));
    const card = await h.tg.waitFor(
      () => h.cards().find((c) => c.text.includes('reply=4')),
      10_000,
      'card 4',
    );
    h.tg.press({ chatId: GROUP, messageId: card.messageId, from: MOD_ANNA, data: button(card, 'Удалить') });
    await h.tg.waitFor(() => card.text.includes('Не удалось выполнить'), 10_000, 'failure on the card');
    expect(card.text).toContain('vk error 15');
    const notice = await h.tg.waitFor(
      () => h.tg.sentTo(GROUP).find((m) => m.text.includes('Задача не выполнена')),
      10_000,
      'dead-letter notice',
    );
    expect(notice.text).toContain('{act-vk}');
  });

  it('a 429 on sendMessage delays the card by retry_after; nothing is lost', async () => {
    h.tg.failNext('sendMessage', { kind: 'retry_after', seconds: 1 });
    const t0 = Date.now();
    await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id: 5, text: REVIEW_TEXTS.flagged }));
    await h.tg.waitFor(() => h.cards().find((c) => c.text.includes('reply=5')), 10_000, 'card 5');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });

  it('a card deleted in Telegram is forgotten after the decision; the decision still acts', async () => {
    const card = h.cards().find((c) => c.text.includes('reply=5'))!;
    card.deleted = true;
    const before = h.vk.deleteCalls().length;
    h.tg.press({ chatId: GROUP, messageId: card.messageId, from: MOD_ANNA, data: button(card, 'Удалить') });
    await h.tg.waitFor(() => h.vk.deleteCalls().length === before + 1, 10_000, 'delete call');
    const item = await h.app.reviewBot!.store.itemByMessage({ chatId: GROUP, messageId: card.messageId });
    const store = h.app.reviewBot!.store;
    let stored = await store.load(item!);
    for (let i = 0; i < 100 && stored?.messages.length; i++) {
      await new Promise((r) => setTimeout(r, 50));
      stored = await store.load(item!);
    }
    expect(stored?.decision?.decision).toBe('delete');
    expect(stored?.messages).toHaveLength(0);
  });

  it('commands: /queue and /stats answer moderators; /next pulls into a private chat', async () => {
    h.tg.sendText({ chatId: GROUP, from: MOD_ANNA, text: '/stats' });
    const stats = await h.tg.waitFor(() => h.tg.sentTo(GROUP).find((m) => m.text.includes('Статистика')));
    expect(stats.text).toMatch(/Сегодня[\s\S]*Получено комментариев: 5/);
    expect(stats.text).toContain('Администрация (тест)');
    h.tg.sendText({ chatId: MOD_BORIS.id, from: MOD_BORIS, text: '/queue' });
    const q = await h.tg.waitFor(() =>
      h.tg.sentTo(MOD_BORIS.id).find((m) => /Ждут решения|Очередь пуста/.test(m.text)),
    );
    expect(q.text).toBeTruthy();
    h.tg.sendText({ chatId: STRANGER.id, from: STRANGER, text: '/next' });
    const refused = await h.tg.waitFor(() => h.tg.sentTo(STRANGER.id)[0]);
    expect(refused.text).toContain('только модераторам');
  });

  it('a 19 000-character comment full of HTML specials still makes a valid card', async () => {
    const text = '<b>"&'.repeat(3000) + ' идиоты ' + '&>'.repeat(1990);
    await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id: 9, text }));
    const card = await h.tg.waitFor(
      () => h.cards().find((c) => c.text.includes('reply=9')),
      10_000,
      'card 9',
    );
    expect(card.text).toContain('<b><u>идиоты</u></b>');
    expect(card.text).toContain('&lt;b&gt;&quot;&amp;');
  });

  it('a kicked bot keeps the item waiting (no dead letter) and posts it once allowed again', async () => {
    h.tg.failNext('sendMessage', { kind: 'kicked' }, 2);
    await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id: 10, text: REVIEW_TEXTS.flagged }));
    const card = await h.tg.waitFor(
      () => h.cards().find((c) => c.text.includes('reply=10')),
      10_000,
      'card 10',
    );
    expect(card.keyboard).toBeDefined();
    expect(await h.app.queues.review.getFailedCount()).toBe(0);
  });

  it('a 429 on a card edit pauses the chat: the edit is retried and the next card waits too', async () => {
    await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id: 21, text: REVIEW_TEXTS.flagged }));
    const card = await h.tg.waitFor(
      () => h.cards().find((c) => c.text.includes('reply=21')),
      10_000,
      'card 21',
    );
    h.tg.failNext('editMessageText', { kind: 'retry_after', seconds: 1 });
    const edits = h.tg.callsOf('editMessageText').length;
    h.tg.press({ chatId: GROUP, messageId: card.messageId, from: MOD_ANNA, data: button(card, 'Оставить') });
    await h.tg.waitFor(() => h.tg.callsOf('editMessageText').length > edits, 10_000, 'the refused edit');
    const refusedAt = h.tg.callsOf('editMessageText')[edits]!.at;
    await h.app.intake.submit(vkWallComment({ accountId: ACCOUNT, id: 22, text: REVIEW_TEXTS.flagged }));
    const next = await h.tg.waitFor(
      () => h.cards().find((c) => c.text.includes('reply=22')),
      10_000,
      'card 22',
    );
    await h.tg.waitFor(() => card.keyboard === undefined, 10_000, 'card 21 shows the decision');
    // Telegram asked for a second's pause in this chat: neither the retried edit nor the next card
    // may arrive before it is over.
    const retried = h.tg
      .callsOf('editMessageText')
      .find((c, i) => i > edits && c.params.message_id === card.messageId);
    expect(retried!.at - refusedAt).toBeGreaterThanOrEqual(950);
    expect(next.sentAt - refusedAt).toBeGreaterThanOrEqual(950);
  });
});
