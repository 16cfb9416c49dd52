import type { PlatformAction } from '../../queues/payloads.ts';
import type { OutcomeView } from './model.ts';

/**
 * Russian texts of `/undo`: the reply to the moderator, the card's note while the platform works,
 * and the note once it answered. Each names what is (and is not) undone, because an undo of «delete
 * and ban» may lift the ban while the comment cannot come back, and what needs no undoing, because
 * the decision's action may have failed after its delete.
 */

const REOPENED = 'Решение отменено, карточка снова ждёт решения.';

const PENDING: Partial<Record<PlatformAction, string>> = {
  restore: 'Восстанавливается…',
  unban: 'Снимается блокировка автора…',
  restore_and_unban: 'Снимается блокировка автора и восстанавливается комментарий…',
  hide: 'Комментарий снова скрывается…',
};

const FAILED: Partial<Record<PlatformAction, string>> = {
  restore: 'Восстановить на платформе не удалось',
  unban: 'Снять блокировку автора не удалось',
  hide: 'Скрыть комментарий снова не удалось',
};

const DONE: Partial<Record<PlatformAction, string>> = {
  restore: 'Комментарий восстановлен на платформе.',
  unban: 'Блокировка автора снята на платформе.',
  restore_and_unban: 'Блокировка автора снята, комментарий восстановлен на платформе.',
  hide: 'Комментарий снова скрыт на платформе.',
};

const sentence = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;

/** What the platform is doing for the undo, as the moderator is told at once. */
function doing(action: PlatformAction): string {
  switch (action) {
    case 'restore':
      return 'Комментарий восстанавливается на платформе.';
    case 'unban':
      return 'Блокировка автора снимается на платформе.';
    case 'restore_and_unban':
      return 'На платформе снимается блокировка автора и восстанавливается комментарий.';
    case 'hide':
      return 'Комментарий снова скрывается на платформе.';
    default:
      return `На платформе выполняется: ${action}.`;
  }
}

/**
 * The answer to `/undo`; `notUndone` is the plan's account of what stays (a partial undo),
 * `notNeeded` of what the decision's failed action never did.
 */
export function undoReplyText(
  action: PlatformAction | undefined,
  notUndone?: string,
  notNeeded?: string,
): string {
  return [REOPENED, action ? doing(action) : '', ...[notUndone, notNeeded].map((s) => (s ? sentence(s) : ''))]
    .filter(Boolean)
    .join(' ');
}

/** The card's note while the undo action runs; its last sentence ends with «…» and is replaced later. */
export function undoPendingNote(
  head: string,
  action: PlatformAction | undefined,
  notUndone?: string,
  notNeeded?: string,
): string {
  const said = [notUndone, notNeeded].map((s) => (s ? ` ${sentence(s)}` : '')).join('');
  return `${head}${said}${action ? ` ${PENDING[action] ?? 'Выполняется на платформе…'}` : ''}`;
}

/** The note without its in-progress sentence (one ending in «…», as {@link undoPendingNote} writes). */
export function withoutPending(note: string): string {
  return note.replace(/ [^.…]*…$/, '');
}

type Outcome = Pick<OutcomeView, 'status' | 'detail' | 'manualUrl' | 'stepsDone'>;

/**
 * What became of the undo on the platform. A failed «unban and restore» whose unban had gone through
 * says so (the act worker reports the steps done of a failed action, adapters/step-memo.ts).
 */
export function undoOutcomeText(action: PlatformAction | undefined, o: Outcome): string {
  const manual = o.manualUrl ? ` Вручную: ${o.manualUrl}` : '';
  const a = action ?? 'restore';
  if (o.status === 'failed') {
    if (a === 'restore_and_unban')
      return o.stepsDone?.includes('unban')
        ? `Блокировка автора снята, но восстановить комментарий не удалось: ${o.detail}`
        : `Снять блокировку автора и восстановить комментарий не удалось: ${o.detail}`;
    return `${FAILED[a] ?? 'Отменить на платформе не удалось'}: ${o.detail}`;
  }
  if (o.status === 'unknown') return `Результат отмены неизвестен: ${o.detail}.`;
  if (o.status === 'unsupported') {
    if (a === 'hide') return `Платформа не скрыла комментарий: ${o.detail}.${manual}`;
    if (a === 'restore') return `Платформа не восстановила комментарий: ${o.detail}.${manual}`;
    return `Платформа выполнила отмену не полностью: ${o.detail}.${manual}`;
  }
  return DONE[a] ?? 'Отменено на платформе.';
}
