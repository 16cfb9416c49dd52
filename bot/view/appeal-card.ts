import type { AppealHistoryEntry, AppealRecord } from '../../core/appeals/appeal-record.ts';
import { isWaiting } from '../../core/appeals/appeal-record.ts';
import { APPEAL_BUTTONS, formatLocal, renderAppealCard } from '../../core/appeals/render-appeal.ts';
import type { Department } from '../../core/appeals/routing.ts';
import { cut, escapeHtml } from './html.ts';
import type { ButtonSpec, RenderedMessage } from './model.ts';

/** What a button on an appeal card does. `move` carries the chosen department; `back` closes the chooser. */
export type AppealOp = 'answered' | 'transfer' | 'not_an_appeal' | 'move' | 'back';

const OP_CODE: Readonly<Record<AppealOp, string>> = {
  answered: 'a',
  transfer: 't',
  not_an_appeal: 'n',
  move: 'm',
  back: 'c',
};
const BY_OP_CODE = new Map(Object.entries(OP_CODE).map(([op, c]) => [c, op as AppealOp]));
const SHORT_ID = /^[0-9a-z]{1,12}$/;
/** Keeps a card under Telegram's 4,096 characters whatever the comment and its history. */
const MAX_TEXT = 2500;
const MAX_HISTORY = 12;
const MAX_DATA_BYTES = 64;

/** A parsed appeal button. `rev` and `dep` only for `move`: the card revision the chooser showed. */
export interface AppealPressData {
  readonly op: AppealOp;
  readonly shortId: string;
  readonly rev?: number;
  /** A department id, or `#<hash>` when the id would not fit in 64 bytes. */
  readonly dep?: string;
}

/** FNV-1a, base36: a stable short token for department ids too long for callback data. */
export function depToken(id: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `#${h.toString(36)}`;
}

/** Whether a department matches the `dep` of a pressed «move» button. */
export const depMatches = (d: Pick<Department, 'id'>, dep: string): boolean =>
  d.id === dep || depToken(d.id) === dep;

/**
 * Callback data of an appeal button: `ap<op>:<short id>` (e.g. `apa:1z`), and for the department
 * chooser `apm:<short id>:<revision>:<department>` — within Telegram's 64 bytes (a long department id
 * is replaced by its hash token).
 */
export function appealData(op: AppealOp, shortId: string, move?: { rev: number; dep: string }): string {
  if (!SHORT_ID.test(shortId)) throw new Error(`invalid appeal short id ${shortId}`);
  const head = `ap${OP_CODE[op]}:${shortId}`;
  if (op !== 'move') return head;
  if (!move) throw new Error('a move button needs a revision and a department');
  const full = `${head}:${move.rev.toString(36)}:${move.dep}`;
  return new TextEncoder().encode(full).length <= MAX_DATA_BYTES
    ? full
    : `${head}:${move.rev.toString(36)}:${depToken(move.dep)}`;
}

/** Parses appeal button data; undefined for anything else (review buttons, forged data). */
export function parseAppealData(data: string): AppealPressData | undefined {
  const m = /^ap([a-z]):([0-9a-z]{1,12})(?::([0-9a-z]{1,8}):([#a-z0-9._-]{1,64}))?$/.exec(data);
  const op = m ? BY_OP_CODE.get(m[1] ?? '') : undefined;
  if (!m || !op) return undefined;
  const shortId = m[2] ?? '';
  if (op === 'move') {
    if (m[3] === undefined || m[4] === undefined) return undefined;
    return { op, shortId, rev: parseInt(m[3], 36), dep: m[4] };
  }
  return m[3] === undefined ? { op, shortId } : undefined;
}

/** Everything an appeal card in Telegram shows besides the record itself. */
export interface AppealCardContext {
  readonly shortId: string;
  /** Department of the appeal now (its schedule gives the time zone). */
  readonly department: Department;
  readonly accountTitle: string;
  /** Department names for the history, by id (a removed department shows its id). */
  readonly departmentName: (id: string) => string;
  /**
   * Whether this copy of the card carries the buttons: the copy in the chat of the department that
   * holds the appeal now (or its supervisor's). A copy left behind after a transfer shows no buttons.
   */
  readonly active: boolean;
}

function actor(e: Pick<AppealHistoryEntry, 'by'>): string {
  switch (e.by.kind) {
    case 'official':
      return e.by.name || `id ${e.by.id}`;
    case 'platform':
      return 'сообщество на платформе';
    case 'system':
      return 'Страж';
  }
}

/** One history line, e.g. «20.02.2026 17:05 — передано: «ЖКХ» → «Дороги» (Петрова)». Pure. */
export function historyLine(e: AppealHistoryEntry, tz: string, name: (id: string) => string): string {
  const at = formatLocal(e.at, tz);
  const dep = `«${escapeHtml(name(e.department))}»`;
  switch (e.type) {
    case 'opened':
      return `${at} — поступило в ${dep}`;
    case 'reminder_due':
      return `${at} — напоминание о сроке`;
    case 'escalated':
      return `${at} — срок истёк, сообщено руководителю`;
    case 'transferred':
      return `${at} — передано: «${escapeHtml(name(e.fromDepartment ?? '?'))}» → ${dep} (${escapeHtml(actor(e))})`;
    case 'answered':
      return `${at} — ответ дан (${escapeHtml(actor(e))})`;
    case 'not_an_appeal':
      return `${at} — отмечено «не обращение» (${escapeHtml(actor(e))})`;
  }
}

/** The closing line of a final appeal: who answered and when, or who closed it as not an appeal. */
export function closingLine(a: AppealRecord, tz: string): string | undefined {
  if (a.state === 'answered' && a.answeredAt) {
    const at = formatLocal(a.answeredAt, tz);
    return a.answeredBy?.kind === 'platform'
      ? `✅ Сообщество ответило на комментарий на платформе: ${at}`
      : `✅ Ответ дан: ${escapeHtml(a.answeredBy ? actor({ by: a.answeredBy }) : '')}, ${at}`;
  }
  if (a.state === 'not_an_appeal' && a.closedAt) {
    const last = [...a.history].reverse().find((h) => h.type === 'not_an_appeal');
    return `🚫 Не обращение: ${escapeHtml(last ? actor(last) : '')}, ${formatLocal(a.closedAt, tz)}`;
  }
  return undefined;
}

/**
 * The appeal card as Telegram shows it: the shared card text (account, link, author, masked text,
 * topic, deadline, state), the history when there is more than the opening, the closing line, and the
 * buttons «Ответ дан», «Передать», «Не обращение» while the appeal waits and this copy is active. Pure.
 */
export function renderAppealTgCard(a: AppealRecord, c: AppealCardContext): RenderedMessage {
  const tz = c.department.schedule.timeZone;
  const lines = [
    `📨 ${renderAppealCard({ ...a, text: cut(a.text, MAX_TEXT) }, c.department, c.accountTitle)}`,
  ];
  if (a.history.length > 1) {
    const shown = a.history.slice(-MAX_HISTORY);
    lines.push(
      '',
      '<b>История:</b>',
      ...(shown.length < a.history.length ? [`• … ещё ${a.history.length - shown.length}`] : []),
      ...shown.map((h) => `• ${historyLine(h, tz, c.departmentName)}`),
    );
  }
  const closing = closingLine(a, tz);
  if (closing) lines.push('', closing);
  else if (!c.active) lines.push('', `➡️ Обращение ведёт «${escapeHtml(c.department.name)}».`);
  const keyboard: ButtonSpec[][] =
    isWaiting(a.state) && c.active
      ? [
          APPEAL_BUTTONS.filter((b) => b.action !== 'not_an_appeal').map((b) => ({
            text: b.action === 'answered' ? `✅ ${b.text}` : `↪️ ${b.text}`,
            data: appealData(b.action, c.shortId),
          })),
          [{ text: '🚫 Не обращение', data: appealData('not_an_appeal', c.shortId) }],
        ]
      : [];
  return { text: lines.join('\n'), keyboard };
}

/** The «Передать» chooser: the card with one button per other department, then «Отмена». Pure. */
export function renderTransferChooser(
  a: AppealRecord,
  c: AppealCardContext,
  departments: readonly Department[],
): RenderedMessage {
  const card = renderAppealTgCard(a, c);
  const rows: ButtonSpec[][] = departments
    .filter((d) => d.id !== a.department)
    .map((d) => [{ text: d.name, data: appealData('move', c.shortId, { rev: a.revision, dep: d.id }) }]);
  rows.push([{ text: '↩️ Отмена', data: appealData('back', c.shortId) }]);
  return { text: `${card.text}\n\n<b>Кому передать?</b>`, keyboard: rows };
}

/**
 * `/appeals`: waiting appeals by deadline, with the department when the list spans several. Pure.
 */
export function renderAppealsCommand(
  list: readonly AppealRecord[],
  o: {
    readonly title: string;
    readonly timeZone: string;
    readonly now: Date;
    readonly departmentName?: (id: string) => string;
  },
): string {
  if (list.length === 0) return `${escapeHtml(o.title)}: открытых обращений нет.`;
  const rows = list.map((a, i) => {
    const late = Date.parse(a.dueAt) < o.now.getTime() ? ' ⚠️ просрочено' : '';
    const text = a.text.length > 80 ? `${a.text.slice(0, 79)}…` : a.text;
    const dep = o.departmentName ? ` [${escapeHtml(o.departmentName(a.department))}]` : '';
    const link = a.permalink ? ` <a href="${escapeHtml(a.permalink)}">ссылка</a>` : '';
    return `${i + 1}. до ${formatLocal(a.dueAt, o.timeZone)}${late}${dep} — ${escapeHtml(a.topicName)}: ${escapeHtml(text)}${link}`;
  });
  return [`<b>${escapeHtml(o.title)}</b> (${list.length}), ближайший срок первым:`, ...rows].join('\n');
}
