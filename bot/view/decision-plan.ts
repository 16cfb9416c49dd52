import type { CommentKind, Platform } from '../../core/comment.ts';
import type { ActionStep, PlatformAction } from '../../queues/payloads.ts';
import type { Decision } from './model.ts';

const HIDES = (p: Platform) => p === 'facebook' || p === 'instagram';

/**
 * The platform action that carries out a moderator's decision; undefined when nothing needs doing.
 * «Оставить» un-hides a comment the account hid while it waited for review (FB/IG `hide_while_review`).
 */
export function actionFor(
  decision: Decision,
  platform: Platform,
  hideWhileReview: boolean,
): PlatformAction | undefined {
  switch (decision) {
    case 'delete':
      return 'delete';
    case 'delete_and_ban':
      return 'delete_and_ban';
    case 'keep':
      return hideWhileReview && HIDES(platform) ? 'unhide' : undefined;
  }
}

export type UndoPlan =
  | {
      readonly ok: true;
      readonly action: PlatformAction | undefined;
      /** What the undo cannot reverse on the platform, in Russian, for the moderator (partial undo). */
      readonly notUndone?: string;
      /** What needs no reversing because the decision's action failed before doing it, in Russian. */
      readonly notNeeded?: string;
    }
  | { readonly ok: false; readonly reason: string };

const EXPIRED = 'время, в течение которого платформа позволяет восстановить комментарий, истекло';
const NOTHING_DONE = 'на платформе отменять нечего: действие по решению выполнить не удалось';
const NOT_BANNED = 'блокировку автора снимать не нужно: заблокировать автора не удалось';

/**
 * Whether a decision can be undone and with which platform action. A deletion is reversed only where
 * the platform brings a comment back (VK wall comments, within the restore window). A ban is lifted
 * where the API can (VK `groups.unban`, Facebook's Page unblock) at any time, so «delete and ban» is
 * undone at least in part there; `notUndone` says what stays. OK and Instagram can do neither, and
 * the decision stays rather than reopening a card whose effects remain on the platform. A decision
 * whose action failed for good (`failed`) is undone as far as its steps went (see {@link undoFailed}).
 */
export function undoPlan(o: {
  readonly platform: Platform;
  readonly kind: CommentKind;
  readonly decision: Decision;
  readonly decidedAt: number;
  readonly now: number;
  readonly windowMs: number;
  readonly hideWhileReview: boolean;
  /** The decision's action failed for good; `stepsDone`: those of its steps that went through. */
  readonly failed?: { readonly stepsDone: readonly ActionStep[] } | undefined;
}): UndoPlan {
  if (o.failed) return undoFailed({ ...o, failed: undefined }, o.failed.stepsDone);
  if (o.decision === 'keep')
    return { ok: true, action: o.hideWhileReview && HIDES(o.platform) ? 'hide' : undefined };
  const expired = o.now - o.decidedAt > o.windowMs;
  const restorable = o.platform === 'vk' && o.kind === 'wall_comment';
  if (o.decision === 'delete_and_ban') return undoBanPlan(o.platform, restorable, expired);
  if (expired)
    return {
      ok: false,
      reason: 'Время, в течение которого платформа позволяет восстановить комментарий, истекло.',
    };
  if (restorable) return { ok: true, action: 'restore' };
  return { ok: false, reason: 'Эта платформа не позволяет восстановить удалённый комментарий такого типа.' };
}

/**
 * The undo of a decision whose action failed for good: exactly the steps that went through are
 * reversed. Only «delete and ban» has steps, the delete first, so a failed one may have deleted and
 * never banned: it is undone as a deletion would be (restored where the platform can, else refused,
 * the comment staying deleted), and nothing is unbanned. Any other failure changed nothing.
 */
function undoFailed(o: Parameters<typeof undoPlan>[0], done: readonly ActionStep[]): UndoPlan {
  if (o.decision !== 'delete_and_ban' || !done.includes('delete'))
    return { ok: true, action: undefined, notNeeded: NOTHING_DONE };
  const asDeletion = undoPlan({ ...o, decision: 'delete' });
  if (!asDeletion.ok)
    return {
      ok: false,
      reason: `Комментарий удалён на платформе, а заблокировать автора не удалось. ${asDeletion.reason}`,
    };
  return { ...asDeletion, notNeeded: NOT_BANNED };
}

function undoBanPlan(platform: Platform, restorable: boolean, expired: boolean): UndoPlan {
  switch (platform) {
    case 'vk':
      if (restorable && !expired) return { ok: true, action: 'restore_and_unban' };
      return {
        ok: true,
        action: 'unban',
        notUndone: `комментарий не будет восстановлен: ${expired ? EXPIRED : 'ВКонтакте не позволяет восстановить удалённый комментарий такого типа'}`,
      };
    case 'facebook':
      return {
        ok: true,
        action: 'unban',
        notUndone: 'комментарий не будет восстановлен: Facebook не позволяет вернуть удалённый комментарий',
      };
    case 'ok':
      return {
        ok: false,
        reason:
          'Одноклассники не позволяют через API ни снять блокировку автора, ни восстановить комментарий, ' +
          'поэтому решение остаётся в силе. Снимите блокировку вручную в настройках группы (раздел «Чёрный список»).',
      };
    case 'instagram':
      return {
        ok: false,
        reason:
          'Instagram не позволяет через API восстановить удалённый комментарий, а блокировку автора бот не ставил ' +
          '(API Instagram не умеет блокировать), поэтому решение остаётся в силе. ' +
          'Если автора заблокировали вручную, снимите блокировку в приложении Instagram.',
      };
  }
}
