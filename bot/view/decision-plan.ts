import type { CommentKind, Platform } from '../../core/comment.ts';
import type { PlatformAction } from '../../queues/payloads.ts';
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
  | { readonly ok: true; readonly action: PlatformAction | undefined }
  | { readonly ok: false; readonly reason: string };

/**
 * Whether a decision can be undone and with which platform action. Only platforms that can bring a
 * comment back qualify (VK restores deleted wall comments, within its restore window); a ban is not
 * lifted by the bot.
 */
export function undoPlan(o: {
  readonly platform: Platform;
  readonly kind: CommentKind;
  readonly decision: Decision;
  readonly decidedAt: number;
  readonly now: number;
  readonly windowMs: number;
  readonly hideWhileReview: boolean;
}): UndoPlan {
  if (o.decision === 'keep')
    return { ok: true, action: o.hideWhileReview && HIDES(o.platform) ? 'hide' : undefined };
  if (o.decision === 'delete_and_ban')
    return {
      ok: false,
      reason: 'Блокировку автора бот не снимает: восстановите комментарий и снимите блокировку вручную.',
    };
  if (o.now - o.decidedAt > o.windowMs)
    return {
      ok: false,
      reason: 'Время, в течение которого платформа позволяет восстановить комментарий, истекло.',
    };
  if (o.platform === 'vk' && o.kind === 'wall_comment') return { ok: true, action: 'restore' };
  return { ok: false, reason: 'Эта платформа не позволяет восстановить удалённый комментарий такого типа.' };
}
