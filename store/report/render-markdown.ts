import { formatLocal } from '../labels-ru.ts';
import type { Report } from './report-model.ts';
import { periodRu, REPORT_TITLE, reportSections, type ReportTable } from './report-tables.ts';

const cell = (s: string): string =>
  s
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replace(/\s*\n\s*/g, ' ');

function table(t: ReportTable): string[] {
  const out = [`### ${t.title}`, '', ...t.notes.map((n) => `_${n}_`), ...(t.notes.length ? [''] : [])];
  if (t.rows.length === 0) return [...out, 'Нет данных за период.', ''];
  out.push(`| ${t.headers.map(cell).join(' | ')} |`, `|${t.headers.map(() => ' --- ').join('|')}|`);
  for (const r of t.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
  return [...out, ''];
}

/** The report as Markdown (Russian headings). Pure. */
export function renderMarkdown(r: Report): string {
  const lines = [
    `# ${REPORT_TITLE}`,
    '',
    `Период: ${periodRu(r)} (часовой пояс ${r.period.timeZone}). Сформирован: ${formatLocal(r.generatedAt, r.period.timeZone)}.`,
    '',
  ];
  for (const s of reportSections(r)) {
    lines.push(`## ${s.title}`, '');
    for (const t of s.tables) lines.push(...table(t));
  }
  return lines.join('\n');
}
