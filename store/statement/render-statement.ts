import type { CommentRecord, RuleResultView } from '../audit-records.ts';
import {
  actionRu,
  actionStatusRu,
  categoryRu,
  formatLocal,
  kindRu,
  modeRu,
  outcomeRu,
  platformRu,
  reviewDecisionRu,
  verdictRu,
} from '../labels-ru.ts';

export interface StatementContext {
  readonly timeZone: string;
  /** Account titles from the registry, by account id. */
  readonly accountTitles?: ReadonlyMap<string, string>;
}

/**
 * A span's place as a reader counts it: characters (code points) from 1, not the UTF-16 units the
 * spans are kept in — an emoji before the match would otherwise shift the numbers.
 */
function characterRange(text: string, start: number, end: number): string {
  const first = [...text.slice(0, start)].length + 1;
  return `${first}–${first + [...text.slice(start, end)].length - 1}`;
}

function ruleLine(r: RuleResultView, text: string | null): string {
  const reason = typeof r.details.reason === 'string' ? r.details.reason : '';
  const ground = typeof r.details.ground === 'string' ? r.details.ground : categoryRu(r.category);
  const found =
    text !== null && r.spans.length > 0
      ? r.spans
          .map((s) => `«${text.slice(s.start, s.end)}» (символы ${characterRange(text, s.start, s.end)})`)
          .join(', ')
      : '';
  const demoted =
    r.details.demoted === true ? ' [правило понижено: решения часто отменялись модераторами]' : '';
  return (
    `  • правило ${r.ruleId}: ${reason} — основание: ${ground}; ` +
    `требует: ${verdictRu(r.action)}, уверенность ${r.score.toFixed(2)}${demoted}` +
    (found ? `\n    найдено: ${found}` : '')
  );
}

/** The actions that block an author, and so have a term. */
const BANS: ReadonlySet<string> = new Set(['ban', 'delete_and_ban']);

const moderator = (name: string | null, id: string | null) =>
  `модератор ${name || '—'} (Telegram id ${id ?? '—'})`;

/**
 * The statement of reasons for one comment, in Russian: what was written, when and where; which
 * rules and clause 2.5 grounds applied; who decided and when; what the platform did. Pure.
 */
export function renderStatement(rec: CommentRecord, ctx: StatementContext): string {
  const c = rec.comment;
  const tz = ctx.timeZone;
  const at = (iso: string) => `${formatLocal(iso, tz)} (${tz})`;
  const title = ctx.accountTitles?.get(c.account_id);
  const decidedBy = new Set(JSON.parse(c.decided_by) as string[]);
  const hits = rec.rules.filter((r) => r.hit);
  const deciding = hits.filter((r) => decidedBy.has(r.ruleId));
  const other = hits.filter((r) => !decidedBy.has(r.ruleId));
  const lines: string[] = [];

  lines.push(`ОБОСНОВАНИЕ РЕШЕНИЯ ПО КОММЕНТАРИЮ ${c.key}`, '');
  lines.push('Что:');
  lines.push(
    `  ${kindRu(c.kind)}, ${platformRu(c.platform)}, аккаунт ${title ? `«${title}» ` : ''}(${c.account_id})`,
  );
  lines.push(
    `  id комментария: ${c.comment_id}; запись/объект: ${c.object_id}${c.revision ? `; редакция ${c.revision}` : ''}`,
  );
  if (c.purged_at !== null) {
    lines.push(`  Текст, автор и ссылка удалены ${at(c.purged_at)} по истечении срока хранения.`);
  } else {
    lines.push(`  Автор: ${c.author_name || '—'} (id ${c.author_id ?? '—'})`);
    lines.push(`  Текст: «${c.text ?? ''}»`);
    if (c.permalink) lines.push(`  Ссылка: ${c.permalink}`);
  }
  lines.push(`  Написан: ${at(c.created_at)}; получен Стражем: ${at(c.received_at)}`, '');

  lines.push('Основание (п. 2.5 Постановления № 702):');
  if (deciding.length === 0 && hits.length === 0) lines.push('  правила не нашли нарушений');
  for (const r of deciding) lines.push(ruleLine(r, c.text));
  if (other.length > 0) {
    lines.push('  Также сработали (не определили решение):');
    for (const r of other) lines.push(ruleLine(r, c.text));
  }
  lines.push(`  Итог правил: ${verdictRu(c.verdict)}; версия набора правил ${c.rule_set_version || '—'}`);
  lines.push(`  Режим аккаунта: ${modeRu(c.mode)}`, '');

  lines.push('Кто и когда решил:');
  lines.push(`  автоматически (Страж), ${at(c.decided_at)}: ${outcomeRu(c.outcome)}`);
  // Every decision and /undo in the order they were made; the last decision not undone is in force.
  for (const r of rec.reviews) {
    const what =
      r.type === 'undo'
        ? `отменил решение «${reviewDecisionRu(r.decision)}»` +
          (r.action ? ` (на платформе: ${actionRu(r.action)})` : '')
        : reviewDecisionRu(r.decision);
    lines.push(`  ${moderator(r.moderator_name, r.moderator_id)}, ${at(r.at)}: ${what}`);
  }
  if (rec.reviews.length === 0 && c.review_decision !== null) {
    // A record that carries only the decision in force, without review records.
    lines.push(
      `  ${moderator(c.reviewer_name, c.reviewer_id)}, ` +
        `${at(c.reviewed_at ?? c.decided_at)}: ${reviewDecisionRu(c.review_decision)}`,
    );
  } else if (c.review_decision === null && c.outcome === 'review') {
    lines.push('  решение модератора ещё не принято');
  }
  lines.push('');

  lines.push('Действия на платформе:');
  if (rec.actions.length === 0) lines.push('  не запрашивались');
  for (const a of rec.actions) {
    const who =
      a.requested_by === 'moderator' ? moderator(a.moderator_name, a.moderator_id) : 'Страж автоматически';
    // Only the actions that block have a term: unban and restore_and_unban lift a block.
    const ban = BANS.has(a.action)
      ? `, срок блокировки ${a.ban_days === 0 ? 'бессрочно' : `${a.ban_days} дн.`}`
      : '';
    let outcome = actionStatusRu(a.status);
    if (a.finished_at) outcome += ` ${at(a.finished_at)}`;
    if (a.detail) outcome += ` [${a.detail}]`;
    if (a.error) outcome += `; ошибка: ${a.error}`;
    const again = a.request_no > 1 ? ` (запрос № ${a.request_no})` : '';
    lines.push(
      `  • ${actionRu(a.action)}${ban}${again}: запросил ${who}, ${at(a.requested_at)}; итог: ${outcome}`,
    );
    if (a.manual_url) {
      lines.push(`    сделать вручную (платформа не позволяет это через API): ${a.manual_url}`);
    }
  }
  return lines.join('\n');
}
