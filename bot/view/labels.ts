import type { CommentKind, Platform } from '../../core/comment.ts';
import type { AccountMode } from '../../core/decide.ts';
import type { Category } from '../../core/rules/rule-result.ts';
import type { ActionStep } from '../../queues/payloads.ts';
import type { Decision } from './model.ts';

export const PLATFORM_RU: Readonly<Record<Platform, string>> = {
  vk: 'ВКонтакте',
  ok: 'Одноклассники',
  facebook: 'Facebook',
  instagram: 'Instagram',
};

export const CATEGORY_RU: Readonly<Record<Category, string>> = {
  obscene: 'нецензурная брань',
  insult: 'оскорбление',
  spam: 'спам',
  unlawful: 'нарушение закона',
};

export const MODE_RU: Readonly<Record<AccountMode, string>> = {
  enforce: 'автоматический (явные нарушения удаляются сами)',
  review: 'только через модератора',
  shadow: 'наблюдение (ничего не удаляется)',
};

export const KIND_RU: Readonly<Record<CommentKind, string>> = {
  wall_comment: 'комментарий к записи',
  photo_comment: 'комментарий к фото',
  video_comment: 'комментарий к видео',
  board_comment: 'сообщение в обсуждении',
  market_comment: 'комментарий к товару',
  user_post: 'запись пользователя',
  topic_comment: 'комментарий в теме',
  page_comment: 'комментарий на странице',
  media_comment: 'комментарий к публикации',
  live_comment: 'комментарий в трансляции',
  message: 'сообщение',
};

/** A step of a combined action that went through, as the card names it. */
export const STEP_DONE_RU: Readonly<Record<ActionStep, string>> = {
  delete: 'комментарий удалён',
  ban: 'автор заблокирован',
  unban: 'блокировка автора снята',
  restore: 'комментарий восстановлен',
};

/** Button labels. */
export const DECISION_BUTTON: Readonly<Record<Decision, string>> = {
  delete: '🗑 Удалить',
  keep: '✅ Оставить',
  delete_and_ban: '⛔ Удалить и заблокировать',
};

/** How a decision reads in a sentence («решение: удалить»). */
export const DECISION_RU: Readonly<Record<Decision, string>> = {
  delete: 'удалить',
  keep: 'оставить',
  delete_and_ban: 'удалить и заблокировать автора',
};

/** «30 дн.» or «навсегда». */
export function banTermRu(days: number): string {
  return days === 0 ? 'навсегда' : `${days} дн.`;
}

/** Russian plural: plural(5, ['комментарий', 'комментария', 'комментариев']) === 'комментариев'. */
export function plural(n: number, forms: readonly [string, string, string]): string {
  const a = Math.abs(n) % 100;
  const b = a % 10;
  if (a > 10 && a < 20) return forms[2];
  if (b === 1) return forms[0];
  if (b >= 2 && b <= 4) return forms[1];
  return forms[2];
}

export const COMMENTS: readonly [string, string, string] = ['комментарий', 'комментария', 'комментариев'];
