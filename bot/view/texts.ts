import { CATEGORIES } from '../../core/rules/rule-result.ts';
import { cut, escapeHtml } from './html.ts';
import { CATEGORY_RU, COMMENTS, DECISION_RU, plural } from './labels.ts';
import { DECISIONS } from './model.ts';
import { formatAge } from './time.ts';

/** Counters of one period, as kept in Redis (field → count). */
export type Counters = Readonly<Record<string, number>>;

/** `/start` and `/help`. */
/** Minutes as a Russian reader writes them: a decimal comma (1,5), no trailing zeros. */
const minutesRu = (m: number): string => m.toLocaleString('ru-RU', { maximumFractionDigits: 2 });

export function helpText(o: { userId: number; isModerator: boolean; slaMinutes: number }): string {
  const who = o.isModerator
    ? 'Вы — модератор: можете принимать решения.'
    : 'Вы не в списке модераторов: решения принимать нельзя. Передайте администратору ваш id.';
  return [
    '🛡 <b>Страж — модерация комментариев</b> (Постановление № 702, п. 2.5)',
    '',
    'Комментарии, по которым нужно решение, приходят карточками в чат модераторов. Кнопки:',
    '🗑 <b>Удалить</b> — удалить комментарий на платформе;',
    '✅ <b>Оставить</b> — комментарий остаётся (критика власти — не нарушение);',
    '⛔ <b>Удалить и заблокировать</b> — удалить и заблокировать автора на срок из настроек аккаунта.',
    'Первое решение окончательное; повторное нажатие покажет, кто и когда решил.',
    '',
    '/queue — сколько ждут решения и самый старый',
    '/next — показать следующий комментарий (можно в личном чате с ботом)',
    '/stats — статистика за сегодня и за неделю',
    '/undo — ответом на карточку: отменить решение (на платформе — насколько она позволяет: восстановить комментарий, снять блокировку)',
    '/help — эта справка',
    '',
    `Напоминание приходит, если комментарий ждёт дольше ${minutesRu(o.slaMinutes)} мин.`,
    `Ваш Telegram id: <code>${o.userId}</code>. ${who}`,
  ].join('\n');
}

export interface QueueFacts {
  /** Items in `{review}` not yet shown as a card. */
  readonly waiting: number;
  /** Cards shown and not decided yet. */
  readonly open: number;
  /** Age of the oldest undecided item (ms), if any. */
  readonly oldestAgeMs?: number | undefined;
}

/** `/queue`. */
export function queueText(q: QueueFacts): string {
  if (q.waiting + q.open === 0) return '✅ Очередь пуста: все комментарии разобраны.';
  const lines = [
    `📋 Ждут решения: <b>${q.waiting + q.open}</b> ${plural(q.waiting + q.open, COMMENTS)}`,
    `• карточки в чате без решения: ${q.open}`,
    `• ещё не показаны (в очереди): ${q.waiting}`,
  ];
  if (q.oldestAgeMs !== undefined) lines.push(`Самый старый ждёт ${formatAge(q.oldestAgeMs)}.`);
  if (q.waiting > 0) lines.push('/next — показать следующий.');
  return lines.join('\n');
}

/** The backlog summary posted instead of a flood of cards. */
export function backlogText(q: QueueFacts, maxOpen: number): string {
  if (q.waiting === 0) return '✅ Очередь разобрана: новые карточки приходят по мере поступления.';
  return [
    `📥 <b>Очередь на проверку:</b> ещё ${q.waiting} ${plural(q.waiting, COMMENTS)} ${plural(q.waiting, ['ждёт', 'ждут', 'ждут'])} показа.`,
    `В чате не больше ${maxOpen} карточек без решения одновременно, чтобы не засыпать чат;`,
    'следующие появятся, когда по открытым карточкам будут приняты решения.',
    ...(q.oldestAgeMs !== undefined ? [`Самый старый ждёт ${formatAge(q.oldestAgeMs)}.`] : []),
    '/next — показать следующий сейчас (можно в личном чате с ботом).',
  ].join('\n');
}

/** SLA reminder. */
export function reminderText(overdue: number, oldestAgeMs: number, slaMinutes: number): string {
  return [
    `⏰ <b>${overdue}</b> ${plural(overdue, COMMENTS)} ${plural(overdue, ['ждёт', 'ждут', 'ждут'])} решения дольше ${minutesRu(slaMinutes)} мин`,
    `(самый старый — ${formatAge(oldestAgeMs)}).`,
    'Откройте карточки выше или нажмите /next.',
  ].join('\n');
}

/** A dead-letter notice: a job failed for good and a person must look at it. */
export function deadLetterText(n: {
  queue: string;
  jobId?: string | undefined;
  key?: string | undefined;
  action?: string | undefined;
  error: string;
}): string {
  return [
    '🚨 <b>Задача не выполнена</b> после всех попыток — нужна проверка человеком.',
    `Очередь: <code>${escapeHtml(n.queue)}</code>${n.action ? `, действие: ${escapeHtml(n.action)}` : ''}`,
    ...(n.key ? [`Комментарий: <code>${escapeHtml(cut(n.key, 200))}</code>`] : []),
    `Ошибка: ${escapeHtml(cut(n.error, 500))}`,
  ].join('\n');
}

function section(title: string, c: Counters, accounts: ReadonlyMap<string, string>): string[] {
  const n = (k: string) => c[k] ?? 0;
  const lines = [
    `<b>${title}</b>`,
    `Получено комментариев: ${n('seen')}`,
    `Удалено автоматически: ${n('auto_deleted')}`,
    `Отправлено на проверку: ${n('to_review')}`,
    `Решено модераторами: ${n('decided')}` +
      (n('decided') > 0
        ? ` (${DECISIONS.map((d) => `${DECISION_RU[d]}: ${n(`decided:${d}`)}`).join(', ')})`
        : ''),
  ];
  const cats = CATEGORIES.filter((k) => n(`cat:${k}`) > 0).map((k) => `${CATEGORY_RU[k]} ${n(`cat:${k}`)}`);
  lines.push(`По категориям: ${cats.length ? cats.join(', ') : '—'}`);
  const ids = [...new Set(Object.keys(c).flatMap((k) => /^acct:(.+):seen$/.exec(k)?.[1] ?? []))].sort();
  for (const id of ids) {
    const a = (m: string) => n(`acct:${id}:${m}`);
    lines.push(
      `• ${escapeHtml(cut(accounts.get(id) ?? id, 80))}: получено ${a('seen')}, удалено авт. ${a('auto_deleted')}, ` +
        `на проверку ${a('to_review')}, решено ${a('decided')}`,
    );
  }
  return lines;
}

/** `/stats`: today and this week, by category and account. */
export function statsText(today: Counters, week: Counters, accounts: ReadonlyMap<string, string>): string {
  return [
    '📊 <b>Статистика</b>',
    '',
    ...section('Сегодня', today, accounts),
    '',
    ...section('Эта неделя', week, accounts),
  ].join('\n');
}
