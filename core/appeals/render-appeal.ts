import { DateTime } from 'luxon';
import type { AppealKind } from './appeal-detection.ts';
import type { AppealEvent, AppealRecord } from './appeal-record.ts';
import type { Department } from './routing.ts';

const KIND_RU: Readonly<Record<AppealKind, string>> = {
  question: 'вопрос',
  complaint: 'жалоба',
  request: 'просьба',
};
const STATE_RU: Readonly<Record<AppealRecord['state'], string>> = {
  open: 'ждёт ответа',
  transferred: 'передано, ждёт ответа',
  escalated: 'срок истёк, передано руководителю',
  answered: 'ответ дан',
  not_an_appeal: 'не обращение',
};

/** Escapes text for Telegram's HTML parse mode. */
export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `28.11.2026 17:00` in the department's time zone. */
export function formatLocal(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso, { zone: timeZone }).toFormat('dd.MM.yyyy HH:mm');
}

/** The buttons of an appeal card, in order. The bot chooses the callback data. */
export const APPEAL_BUTTONS = [
  { action: 'answered', text: 'Ответ дан' },
  { action: 'transfer', text: 'Передать' },
  { action: 'not_an_appeal', text: 'Не обращение' },
] as const;

/**
 * The appeal card for the department's chat (Telegram HTML): account, link, author, text (obscene words
 * already masked), topic, kind, deadline in the department's local time, state. Pure.
 */
export function renderAppealCard(a: AppealRecord, dep: Department, accountName = a.accountId): string {
  const lines = [
    `<b>Обращение гражданина</b> — ${escapeHtml(KIND_RU[a.kind])}, тема: ${escapeHtml(a.topicName)}`,
    `Аккаунт: ${escapeHtml(accountName)} (${a.platform})`,
    a.permalink ? `Ссылка: ${escapeHtml(a.permalink)}` : '',
    `Автор: ${escapeHtml(a.author.name || a.author.id)}`,
    '',
    escapeHtml(a.text),
    '',
    `Отдел: ${escapeHtml(dep.name)}`,
    `Срок первого ответа: <b>${formatLocal(a.dueAt, dep.schedule.timeZone)}</b> (${dep.schedule.timeZone})`,
    `Статус: ${STATE_RU[a.state]}`,
  ];
  if (a.moderationOutcome === 'delete')
    lines.push('Комментарий удалён модерацией; ответьте автору иным способом.');
  return lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n');
}

/** One line per waiting appeal for `/appeals`, nearest deadline first (the caller sorts). Pure. */
export function renderAppealList(list: readonly AppealRecord[], timeZone: string, now: Date): string {
  if (list.length === 0) return 'Открытых обращений нет.';
  return list
    .map((a, i) => {
      const late = Date.parse(a.dueAt) < now.getTime() ? ' ⚠️ просрочено' : '';
      const text = a.text.length > 80 ? `${a.text.slice(0, 79)}…` : a.text;
      return `${i + 1}. до ${formatLocal(a.dueAt, timeZone)}${late} — ${escapeHtml(a.topicName)}: ${escapeHtml(text)}`;
    })
    .join('\n');
}

/** Short Russian notice for reminder / escalation / transfer / answer events. Pure. */
export function renderAppealNotice(e: AppealEvent, dep: Department): string {
  const due = formatLocal(e.appeal.dueAt, dep.schedule.timeZone);
  switch (e.type) {
    case 'opened':
      return `Новое обращение, срок ответа до ${due}.`;
    case 'reminder_due':
      return `Напоминание: срок ответа на обращение истекает ${due}.`;
    case 'escalated':
      return `${escapeHtml(dep.supervisor.name)}: срок ответа на обращение истёк ${due}, ответа нет.`;
    case 'transferred':
      return `Обращение передано в «${escapeHtml(dep.name)}», срок ответа до ${due}.`;
    case 'answered':
      return e.appeal.answeredBy?.kind === 'platform'
        ? 'Сообщество ответило на комментарий: обращение закрыто.'
        : 'Ответ дан: обращение закрыто.';
    case 'not_an_appeal':
      return 'Отмечено как «не обращение».';
  }
}
