import type { Comment } from '../../core/comment.ts';
import { decisionData } from './callback-data.ts';
import { cut, escapeHtml, markSpans } from './html.ts';
import {
  banTermRu,
  CATEGORY_RU,
  DECISION_BUTTON,
  DECISION_RU,
  KIND_RU,
  MODE_RU,
  PLATFORM_RU,
  STEP_DONE_RU,
} from './labels.ts';
import type { CardView, OutcomeView, RenderedMessage } from './model.ts';
import { formatTime } from './time.ts';

const MAX_RULE_LINES = 8;

/** A profile link for the author where the platform has a predictable one. */
export function authorUrl(c: Pick<Comment, 'platform' | 'author'>): string | undefined {
  const id = c.author.id;
  if (c.platform === 'vk' && /^-?\d+$/.test(id))
    return id.startsWith('-') ? `https://vk.com/club${id.slice(1)}` : `https://vk.com/id${id}`;
  if (c.platform === 'ok' && /^\d+$/.test(id)) return `https://ok.ru/profile/${id}`;
  return undefined;
}

const link = (url: string, text: string) => `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`;

/** «Выполнено: …» line for the outcome of the platform action. */
export function outcomeLine(o: OutcomeView | undefined, platform: string): string | undefined {
  if (!o || o.status === 'none') return undefined;
  const line = outcomeText(o, platform);
  // Actions the platform cannot do (e.g. OK undo) come with a page where a person can do them.
  return o.manualUrl ? `${line}\n👉 ${link(o.manualUrl, 'Сделать вручную на платформе')}` : line;
}

function outcomeText(o: OutcomeView, platform: string): string {
  const detail = escapeHtml(cut(o.detail, 300));
  switch (o.status) {
    case 'pending':
      return `⏳ Выполняется на платформе ${platform}…`;
    case 'done':
      return `✔️ Выполнено на платформе ${platform} (${detail})`;
    case 'already_done':
      return `✔️ Комментарий уже был удалён на платформе ${platform}`;
    case 'unsupported':
      return `ℹ️ Платформа ${platform} не поддерживает это действие: ${detail}`;
    case 'failed':
      // A combined action that failed part-way: what went through stays done on the platform.
      return o.stepsDone?.length
        ? `⚠️ Выполнено не полностью на платформе ${platform} (${o.stepsDone.map((s) => STEP_DONE_RU[s]).join(', ')}), остальное не удалось: ${detail}`
        : `⚠️ Не удалось выполнить на платформе ${platform}: ${detail}`;
    case 'unknown':
      // The job was trimmed from its queue before its outcome was read: most likely it went through.
      return `❔ Результат на платформе ${platform} неизвестен: ${detail}`;
    case 'none':
      return '';
  }
}

/**
 * Renders a review card: account, platform, link, author, the comment with the matched fragments
 * marked, every rule that fired (category, clause 2.5 ground, score, reason), the account mode, and
 * either the three decision buttons or the decision taken (who, when) and its outcome.
 */
export function renderCard(v: CardView, timeZone: string): RenderedMessage {
  const c = v.job.comment;
  const platform = PLATFORM_RU[c.platform];
  const lines: string[] = [];
  const head = v.decision ? '🛡 <b>Проверка комментария</b>' : '🛡 <b>Нужно решение модератора</b>';
  lines.push(head);
  lines.push(`<b>Аккаунт:</b> ${escapeHtml(cut(v.account.title, 200))} (${platform})`);
  const where = KIND_RU[c.kind];
  lines.push(
    `<b>Где:</b> ${c.permalink ? link(c.permalink, where) : escapeHtml(where)} · получен ${formatTime(v.queuedAt, timeZone)}`,
  );
  const name = cut(c.author.name || `id ${c.author.id}`, 100);
  const url = authorUrl(c);
  const idNote = c.author.name ? ` (id ${escapeHtml(c.author.id)})` : '';
  lines.push(`<b>Автор:</b> ${url ? link(url, name) : escapeHtml(name)}${idNote}`);
  lines.push('');
  const spans = v.job.hits.flatMap((h) => h.spans);
  lines.push(`<blockquote>${markSpans(c.text, spans) || '<i>(пустой текст)</i>'}</blockquote>`);
  lines.push('');
  lines.push('<b>Сработали правила:</b>');
  for (const h of v.job.hits.slice(0, MAX_RULE_LINES)) {
    const ground = h.details.ground || CATEGORY_RU[h.category];
    lines.push(
      `• <code>${escapeHtml(cut(h.ruleId, 60))}</code> — ${escapeHtml(CATEGORY_RU[h.category])}; ` +
        `основание п. 2.5: ${escapeHtml(cut(ground, 80))}; оценка ${h.score.toFixed(2)}`,
    );
    if (h.details.reason) lines.push(`  <i>${escapeHtml(cut(h.details.reason, 200))}</i>`);
  }
  if (v.job.hits.length > MAX_RULE_LINES) lines.push(`• …и ещё ${v.job.hits.length - MAX_RULE_LINES}`);
  if (v.job.hits.length === 0) lines.push('• —');
  lines.push(`<b>Режим аккаунта:</b> ${MODE_RU[v.job.mode]}`);
  // An undo note names what was and was not undone and the platform's answer: 300 cut the answer.
  if (v.note) lines.push('', `<i>${escapeHtml(cut(v.note, 500))}</i>`);

  if (!v.decision) {
    return {
      text: lines.join('\n'),
      keyboard: [
        [
          { text: DECISION_BUTTON.delete, data: decisionData('delete', v.itemId) },
          { text: DECISION_BUTTON.keep, data: decisionData('keep', v.itemId) },
        ],
        [
          {
            text: `${DECISION_BUTTON.delete_and_ban} (${banTermRu(v.account.banDays)})`,
            data: decisionData('delete_and_ban', v.itemId),
          },
        ],
      ],
    };
  }
  const d = v.decision;
  const ban = d.decision === 'delete_and_ban' ? ` на ${banTermRu(v.account.banDays)}` : '';
  lines.push('');
  lines.push(
    `<b>Решение:</b> ${DECISION_RU[d.decision]}${ban} — ${escapeHtml(cut(d.by.name || d.by.id, 100))}, ${formatTime(d.at, timeZone)}`,
  );
  const out = outcomeLine(v.outcome, platform);
  if (out) lines.push(out);
  return { text: lines.join('\n'), keyboard: [] };
}

/** The answer to a press on a card that is already decided. */
export function alreadyDecidedText(d: CardView['decision'] & object, timeZone: string): string {
  return cut(
    `Уже решено: «${DECISION_RU[d.decision]}» — ${d.by.name || d.by.id}, ${formatTime(d.at, timeZone)}`,
    200,
  );
}
