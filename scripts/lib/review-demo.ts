import type { TelegramEmulator, TgMessage, TgUser } from '../../emulators/telegram-emulator.ts';
import type { VkEmulator } from '../../emulators/vk-emulator.ts';

/** Telegram HTML as a terminal shows it: tags dropped, entities decoded, matches in [brackets]. */
export function htmlToTerminal(html: string): string {
  return html
    .replace(/<b><u>(.*?)<\/u><\/b>/g, '[$1]')
    .replace(/<a href="([^"]*)">(.*?)<\/a>/g, '$2 ($1)')
    .replace(/<[^>]+>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
}

const indent = (s: string) =>
  s
    .split('\n')
    .map((l) => `  │ ${l}`)
    .join('\n');

/**
 * The review part of `npm run demo`: prints the cards the bot posted to the moderators' chat,
 * presses «Удалить» on the first one as a moderator, and prints the edited card and the VK calls.
 */
export async function showReviewFlow(o: {
  tg: TelegramEmulator;
  vk: VkEmulator;
  chatId: number;
  moderator: TgUser;
  expectedCards: number;
}): Promise<boolean> {
  const { tg, vk, chatId } = o;
  const isCard = (m: TgMessage) => m.keyboard?.flat().some((b) => b.callback_data?.startsWith('d:')) ?? false;
  try {
    await tg.waitFor(
      () => tg.sentTo(chatId).filter(isCard).length >= o.expectedCards,
      15_000,
      'review cards',
    );
  } catch {
    console.log(
      `\nTelegram: expected ${o.expectedCards} review cards, got ${tg.sentTo(chatId).filter(isCard).length}.`,
    );
    return false;
  }
  const cards = tg.sentTo(chatId).filter(isCard);
  console.log(
    `\nTelegram review bot (emulated Bot API at ${tg.url}): ${cards.length} card(s) in the moderators' chat.`,
  );
  const card = cards[0];
  if (!card) return o.expectedCards === 0;
  console.log(`\nCard #${card.messageId} as moderators see it:\n${indent(htmlToTerminal(card.text))}`);
  console.log(
    `  buttons: ${(card.keyboard ?? [])
      .flat()
      .map((b) => `«${b.text}» [${b.callback_data}]`)
      .join('  ')}`,
  );
  const del = (card.keyboard ?? []).flat().find((b) => b.callback_data?.startsWith('d:'));
  const before = vk.deleteCalls().length;
  const query = tg.press({
    chatId,
    messageId: card.messageId,
    from: o.moderator,
    data: del?.callback_data ?? '',
  });
  const answer = await tg.waitFor(
    () => tg.answers.find((a) => a.callback_query_id === query),
    10_000,
    'answer',
  );
  console.log(
    `\n${o.moderator.first_name} (moderator) pressed «Удалить» → bot answered: "${answer.text ?? ''}"`,
  );
  try {
    await tg.waitFor(
      () => /Выполнено|Не удалось|уже был удалён/.test(card.text),
      15_000,
      'outcome on the card',
    );
  } catch {
    console.log('The outcome did not reach the card in time.');
    return false;
  }
  const tail = htmlToTerminal(card.text).split('\n').slice(-2).join('\n');
  console.log(`Card edited (buttons removed):\n${indent(tail)}`);
  const calls = vk.deleteCalls().slice(before);
  console.log(
    `VK emulator received ${calls.length} delete call(s): ${calls.map((c) => `${c.method}(comment_id=${c.params.comment_id})`).join(', ')}`,
  );
  return calls.length === 1;
}

/**
 * The appeals part of `npm run demo`: prints the first appeal card the bot posted to a department's
 * chat, presses «Ответ дан» as one of that department's people, and prints the edited card.
 */
export async function showAppealFlow(o: {
  tg: TelegramEmulator;
  /** Department chats and who may answer there (from the routing file). */
  departments: readonly { chatId: number; name: string; official: TgUser }[];
  expectedCards: number;
}): Promise<boolean> {
  const { tg } = o;
  if (o.expectedCards === 0) return true;
  const chats = new Map(o.departments.map((d) => [d.chatId, d]));
  const isCard = (m: TgMessage) =>
    chats.has(m.chatId) && (m.keyboard?.flat().some((b) => b.callback_data?.startsWith('apa:')) ?? false);
  let card: TgMessage;
  try {
    card = await tg.waitFor(() => tg.messages.find(isCard), 15_000, 'appeal card');
  } catch {
    console.log('\nTelegram: no appeal card reached a department chat in time.');
    return false;
  }
  const dep = chats.get(card.chatId)!;
  console.log(
    `\nAppeal card #${card.messageId} in the chat of «${dep.name}» (${card.chatId}):\n${indent(htmlToTerminal(card.text))}`,
  );
  console.log(
    `  buttons: ${(card.keyboard ?? [])
      .flat()
      .map((b) => `«${b.text}» [${b.callback_data}]`)
      .join('  ')}`,
  );
  const answered = (card.keyboard ?? []).flat().find((b) => b.callback_data?.startsWith('apa:'));
  const query = tg.press({
    chatId: card.chatId,
    messageId: card.messageId,
    from: dep.official,
    data: answered?.callback_data ?? '',
  });
  const answer = await tg.waitFor(
    () => tg.answers.find((a) => a.callback_query_id === query),
    10_000,
    'answer',
  );
  console.log(
    `\n${dep.official.first_name} (${dep.name}) pressed «Ответ дан» → bot answered: "${answer.text ?? ''}"`,
  );
  try {
    await tg.waitFor(() => card.text.includes('✅ Ответ дан'), 10_000, 'answered card');
  } catch {
    console.log('The appeal card was not updated in time.');
    return false;
  }
  const tail = htmlToTerminal(card.text).split('\n').slice(-1).join('\n');
  console.log(`Appeal card edited (buttons removed):\n${indent(tail)}`);
  console.log(
    `${o.expectedCards} appeal card(s) to department chats expected in all; the rest follow at the chats' pace.`,
  );
  return (card.keyboard ?? []).length === 0;
}
