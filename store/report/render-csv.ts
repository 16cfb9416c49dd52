import type { Report } from './report-model.ts';
import { periodRu, REPORT_TITLE, reportSections } from './report-tables.ts';

const field = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const line = (cells: readonly string[]): string => cells.map(field).join(',');

/**
 * The report as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read the
 * Cyrillic): one block per table — a title line, a header line, the rows — separated by empty lines.
 * Pure.
 */
export function renderCsv(r: Report): string {
  const lines = [
    line([REPORT_TITLE]),
    line([`Период: ${periodRu(r)}`, `Часовой пояс: ${r.period.timeZone}`]),
    '',
  ];
  for (const s of reportSections(r)) {
    for (const t of s.tables) {
      lines.push(line([`${s.title} — ${t.title}`]), line(t.headers), ...t.rows.map(line), '');
    }
  }
  return `\uFEFF${lines.join('\r\n')}`;
}
