import { formatLocal } from '../labels-ru.ts';
import { chartSpecs } from './chart-configs.ts';
import type { Report } from './report-model.ts';
import { periodRu, REPORT_TITLE, reportSections, type ReportTable } from './report-tables.ts';

export interface HtmlAssets {
  /** Source of chart.js's UMD build (`chart.umd.min.js`), inlined so the file needs nothing else. */
  readonly chartJs: string;
}

const esc = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

// Inside <script>, only "</script" (and "<!--") can end or confuse the element.
const scriptSafe = (s: string): string => s.replace(/<\/(script)/gi, '<\\/$1').replaceAll('<!--', '<\\!--');
const jsonSafe = (v: unknown): string => JSON.stringify(v).replaceAll('<', '\\u003c');

function table(t: ReportTable): string {
  const notes = t.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('');
  if (t.rows.length === 0)
    return `<h3>${esc(t.title)}</h3>${notes}<p class="empty">Нет данных за период.</p>`;
  const head = `<tr>${t.headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = t.rows
    .map(
      (r, i) =>
        `<tr${t.flagged.includes(i) ? ' class="flag"' : ''}>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<h3>${esc(t.title)}</h3>${notes}<div class="scroll"><table><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

const STYLE = `
body{font-family:"PT Sans","Segoe UI",Arial,sans-serif;color:#1d1d1d;margin:0;background:#f4f6f9}
main{max-width:1100px;margin:0 auto;padding:24px 32px;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:2px solid #1f5fa8;padding-bottom:4px}
h3{font-size:16px;margin:20px 0 6px}.meta{color:#555;margin:0 0 16px}.note{color:#555;font-size:13px;margin:2px 0}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0 12px}
th,td{border:1px solid #ccd3dc;padding:4px 6px;text-align:left;vertical-align:top}th{background:#e8eef5}
tr.flag td{background:#fdecea}.chart{position:relative;height:320px;margin:12px 0 20px}.empty{color:#777}
@media print{body{background:#fff}main{padding:0}.chart{break-inside:avoid}}
`;

const BOOT = `
(function(){var specs=JSON.parse(document.getElementById('chart-data').textContent);
Chart.defaults.font.family='"PT Sans","Segoe UI",Arial,sans-serif';
specs.forEach(function(s){var el=document.getElementById(s.id);if(el){new Chart(el,s.config);}});
document.documentElement.setAttribute('data-charts',String(specs.length));})();
`;

/**
 * The report as one self-contained HTML page (Russian) with chart.js charts inlined: no network
 * access needed to open or print it. Pure: chart.js's source is passed in.
 */
export function renderHtml(r: Report, assets: HtmlAssets): string {
  const charts = chartSpecs(r);
  const sectionOf = (chartId: string) =>
    chartId === 'chart-posting' ? 'posting' : chartId === 'chart-appeals' ? 'appeals' : 'moderation';
  const chartsOf = (section: string) =>
    charts
      .filter((c) => sectionOf(c.id) === section)
      .map(
        (c) =>
          `<div class="chart"><canvas id="${c.id}" role="img" aria-label="${esc(c.title)}"></canvas></div>`,
      )
      .join('');
  const sections = reportSections(r)
    .map(
      (s) =>
        `<section id="${s.id}"><h2>${esc(s.title)}</h2>${chartsOf(s.id)}${s.tables.map(table).join('\n')}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(`${REPORT_TITLE}, ${periodRu(r)}`)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${esc(REPORT_TITLE)}</h1>
<p class="meta">Период: ${esc(periodRu(r))} (часовой пояс ${esc(r.period.timeZone)}). Сформирован: ${esc(formatLocal(r.generatedAt, r.period.timeZone))}. Подготовлено системой модерации «Страж».</p>
${sections}
</main>
<script id="chart-data" type="application/json">${jsonSafe(charts.map((c) => ({ id: c.id, config: c.config })))}</script>
<script>${scriptSafe(assets.chartJs)}</script>
<script>${BOOT}</script>
</body></html>
`;
}
