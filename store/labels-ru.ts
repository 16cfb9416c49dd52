import { DateTime } from 'luxon';
import { GROUNDS, type Category } from '../core/rules/rule-result.ts';

const label =
  (names: Readonly<Record<string, string>>) =>
  (key: string): string =>
    names[key] ?? key;

/** Russian names for the statement of reasons and the reports. */
export const platformRu = label({
  vk: 'ВКонтакте',
  ok: 'Одноклассники',
  facebook: 'Facebook',
  instagram: 'Instagram',
});

export const categoryRu = (c: string): string =>
  c === '' ? 'нарушений не найдено' : (GROUNDS[c as Category] ?? c);

export const modeRu = label({
  enforce: 'исполнение (действует по решению правил)',
  review: 'проверка (всё отмеченное решают модераторы)',
  shadow: 'наблюдение (только запись, без действий)',
});

export const modeShortRu = label({ enforce: 'исполнение', review: 'проверка', shadow: 'наблюдение' });

export const verdictRu = label({ delete: 'удалить', review: 'на проверку модератору', keep: 'оставить' });

export const outcomeRu = label({
  delete: 'удалён автоматически',
  review: 'направлен модератору',
  keep: 'оставлен (аккаунт в режиме наблюдения)',
});

export const reviewDecisionRu = label({
  delete: 'удалить',
  delete_and_ban: 'удалить и заблокировать автора',
  keep: 'оставить',
});

export const actionRu = label({
  delete: 'удаление',
  hide: 'скрытие',
  unhide: 'отмена скрытия',
  ban: 'блокировка автора',
  delete_and_ban: 'удаление и блокировка автора',
  restore: 'восстановление',
  unban: 'снятие блокировки автора',
  restore_and_unban: 'снятие блокировки автора и восстановление комментария',
});

export const actionStatusRu = label({
  requested: 'запрошено, ответа платформы ещё нет',
  done: 'выполнено',
  already_done: 'уже было выполнено (комментарий удалён ранее)',
  unsupported: 'платформа не поддерживает',
  failed: 'не удалось',
  superseded: 'не выполнено отдельно: то же действие запрошено позже ещё раз',
});

export const kindRu = label({
  wall_comment: 'комментарий к записи на стене',
  photo_comment: 'комментарий к фотографии',
  video_comment: 'комментарий к видео',
  board_comment: 'сообщение в обсуждении',
  market_comment: 'комментарий к товару',
  user_post: 'запись пользователя на стене',
  topic_comment: 'сообщение в теме',
  page_comment: 'комментарий на странице',
  media_comment: 'комментарий к публикации',
  live_comment: 'комментарий к трансляции',
  message: 'сообщение',
});

/**
 * An instant as the district reads it: `04.03.2026 10:00` in `zone`. A bare day (`2026-03-04`)
 * is shown as `04.03.2026`.
 */
export function formatLocal(at: string, zone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return DateTime.fromISO(at).toFormat('dd.MM.yyyy');
  const d = DateTime.fromISO(at, { zone: 'UTC' }).setZone(zone);
  return d.isValid ? d.toFormat('dd.MM.yyyy HH:mm') : at;
}

/** A duration as `1 ч 05 мин` / `12 мин` / `40 с`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} с`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} мин`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} ч ${String(m % 60).padStart(2, '0')} мин`;
  return `${Math.floor(h / 24)} дн ${h % 24} ч`;
}

export const appealKindRu = label({ request: 'просьба', question: 'вопрос', complaint: 'жалоба' });

export const appealStateRu = label({
  open: 'ожидает ответа',
  transferred: 'передано, ожидает ответа',
  escalated: 'срок истёк, доложено руководителю',
  answered: 'ответ дан',
  not_an_appeal: 'не обращение',
});

export const appealEventRu = label({
  opened: 'зарегистрировано',
  reminder_due: 'напоминание о сроке',
  escalated: 'срок истёк — доложено руководителю',
  transferred: 'передано',
  answered: 'ответ дан',
  not_an_appeal: 'отмечено «Не обращение»',
});

/** Working time as `4 раб. ч` / `2 раб. ч 30 мин` / `45 мин`; `—` when unknown. */
export function formatWorkingMinutes(min: number | null): string {
  if (min === null) return '—';
  const m = Math.round(min);
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h === 0) return `${rest} мин`;
  return rest === 0 ? `${h} раб. ч` : `${h} раб. ч ${String(rest).padStart(2, '0')} мин`;
}
