import type { AppealEventRow, AppealView } from '../audit-appeals.ts';
import { appealEventRu, appealKindRu, appealStateRu, formatLocal, platformRu } from '../labels-ru.ts';

export interface AppealHistoryContext {
  readonly timeZone: string;
  /** Russian department names from the routing file, by id. */
  readonly departmentNames?: ReadonlyMap<string, string>;
}

function who(e: AppealEventRow): string {
  if (e.by_kind === 'official') return `должностное лицо ${e.by_name || '—'} (Telegram id ${e.by_id ?? '—'})`;
  if (e.by_kind === 'platform') return `ответ сообщества на платформе (id ответа ${e.by_id ?? '—'})`;
  return 'Страж';
}

/**
 * The history of a citizen's appeal (clause 3), in Russian, for `audit show`: topic, department,
 * deadline, whether the first answer came in time, and every step with who took it. Pure.
 */
export function renderAppealHistory(v: AppealView, ctx: AppealHistoryContext): string {
  const a = v.appeal;
  const tz = ctx.timeZone;
  const at = (iso: string) => `${formatLocal(iso, tz)} (${tz})`;
  const dept = (id: string) => {
    const name = ctx.departmentNames?.get(id);
    return name ? `«${name}» (${id})` : id;
  };
  const lines = [`ОБРАЩЕНИЕ ГРАЖДАНИНА (п. 3 Постановления № 702) ${a.id}`, ''];
  lines.push(
    `  ${platformRu(a.platform)}, аккаунт ${a.account_id}; вид: ${appealKindRu(a.kind)}; тема: ${a.topic_name}`,
  );
  if (a.purged_at !== null) {
    lines.push(`  Текст, автор и ссылка удалены ${at(a.purged_at)} по истечении срока хранения.`);
  } else {
    lines.push(`  Автор: ${a.author_name || '—'} (id ${a.author_id ?? '—'})`);
    lines.push(`  Текст (как его видят должностные лица): «${a.text ?? ''}»`);
    if (a.permalink) lines.push(`  Ссылка: ${a.permalink}`);
  }
  lines.push(`  Написано: ${at(a.commented_at)}; зарегистрировано: ${at(a.opened_at)}`);
  lines.push(`  Подразделение: ${dept(a.department)}; срок первого ответа: ${at(a.due_at)}`);
  let state = appealStateRu(a.state);
  if (a.answered_at !== null) {
    state += `, ${at(a.answered_at)} — ${a.answered_at <= a.due_at ? 'в срок' : 'позже срока'}`;
  } else if (a.state !== 'not_an_appeal' && a.due_at < new Date().toISOString()) {
    state += ' — срок истёк';
  }
  lines.push(`  Состояние: ${state}`);
  if (a.moderation_outcome === 'delete') {
    lines.push(
      '  Комментарий удалён по п. 2.5, обращение при этом зарегистрировано (мат скрыт звёздочками).',
    );
  }
  lines.push('', 'История:');
  if (v.history.length === 0) lines.push('  записей нет');
  for (const e of v.history) {
    const where =
      e.type === 'transferred' && e.from_department
        ? ` из ${dept(e.from_department)} в ${dept(e.department)}`
        : `, ${dept(e.department)}`;
    const note = e.note ? `: «${e.note}»` : '';
    lines.push(`  • ${at(e.at)} — ${appealEventRu(e.type)}${where}; ${who(e)}${note}`);
  }
  return lines.join('\n');
}
