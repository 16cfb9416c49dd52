import { categoryRu } from '../labels-ru.ts';
import type { AppealCounts, Report } from './report-model.ts';

/** A chart.js configuration that is plain JSON (no functions), so it can be embedded in the page. */
export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly config: {
    readonly type: string;
    readonly data: {
      readonly labels: readonly string[];
      readonly datasets: readonly Record<string, unknown>[];
    };
    readonly options: Record<string, unknown>;
  };
}

const PALETTE = ['#1f5fa8', '#d9822b', '#3c9a5f', '#a83279', '#6b6b6b', '#c9a227', '#4aa3c9'];
const OUTCOME_COLORS = {
  clean: '#c8d3df',
  autoDeleted: '#b3261e',
  humanDeleted: '#e07a5f',
  humanKept: '#3c9a5f',
  awaitingReview: '#f2c14e',
  shadowFlagged: '#8d8d8d',
} as const;
const OUTCOME_LABELS = {
  clean: 'Без нарушений',
  autoDeleted: 'Удалено автоматически',
  humanDeleted: 'Удалено модераторами',
  humanKept: 'Оставлено модераторами',
  awaitingReview: 'Ожидают решения',
  shadowFlagged: 'Отмечено (наблюдение)',
} as const;

const base = (title: string, extra: Record<string, unknown> = {}) => ({
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  plugins: { title: { display: true, text: title, font: { size: 15 } }, legend: { position: 'bottom' } },
  ...extra,
});

/** The charts of the HTML report, computed from the report data. Pure. */
export function chartSpecs(r: Report): ChartSpec[] {
  const specs: ChartSpec[] = [];
  const weeks = r.posting.rows[0]?.weeks ?? [];
  if (weeks.length > 0 && r.posting.rows.length > 0) {
    specs.push({
      id: 'chart-posting',
      title: 'Публикации в неделю',
      config: {
        type: 'bar',
        data: {
          labels: weeks.map((w) => w.week),
          datasets: [
            ...r.posting.rows.map((row, i) => ({
              type: 'bar',
              label: row.accountId,
              data: row.weeks.map((w) => w.posts),
              backgroundColor: PALETTE[i % PALETTE.length],
            })),
            {
              type: 'line',
              label: `Цель: ${r.posting.target} в неделю`,
              data: weeks.map(() => r.posting.target),
              borderColor: '#b3261e',
              borderDash: [6, 4],
              // With one category a line has no length: draw its point as a dash instead.
              pointStyle: 'line',
              pointRadius: weeks.length === 1 ? 60 : 0,
              fill: false,
            },
          ],
        },
        options: base('Публикации аккаунтов по неделям (п. 2.2)', {
          // Room above the target line, so it is not drawn on the chart's edge.
          scales: { y: { beginAtZero: true, suggestedMax: r.posting.target + 1, ticks: { precision: 0 } } },
        }),
      },
    });
  }
  const m = r.moderation;
  const outcomes = Object.keys(OUTCOME_LABELS) as (keyof typeof OUTCOME_LABELS)[];
  if (m.byAccount.length > 0) {
    specs.push({
      id: 'chart-accounts',
      title: 'Комментарии по аккаунтам',
      config: {
        type: 'bar',
        data: {
          labels: m.byAccount.map((a) => a.key),
          datasets: outcomes.map((o) => ({
            label: OUTCOME_LABELS[o],
            data: m.byAccount.map((a) => a.counts[o]),
            backgroundColor: OUTCOME_COLORS[o],
          })),
        },
        options: base('Что стало с комментариями, по аккаунтам', {
          indexAxis: 'y',
          scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
        }),
      },
    });
  }
  const flagged = m.byCategory.filter((c) => c.key !== '');
  if (flagged.length > 0) {
    specs.push({
      id: 'chart-categories',
      title: 'Нарушения по основаниям',
      config: {
        type: 'bar',
        data: {
          labels: flagged.map((c) => categoryRu(c.key)),
          datasets: outcomes
            .filter((o) => o !== 'clean')
            .map((o) => ({
              label: OUTCOME_LABELS[o],
              data: flagged.map((c) => c.counts[o]),
              backgroundColor: OUTCOME_COLORS[o],
            })),
        },
        options: base('Отмеченные комментарии по основаниям п. 2.5', {
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        }),
      },
    });
  }
  if (m.rules.length > 0) {
    specs.push({
      id: 'chart-rules',
      title: 'Доля отмен по правилам',
      config: {
        type: 'bar',
        data: {
          labels: m.rules.map((x) => x.ruleId),
          datasets: [
            {
              type: 'bar',
              label: 'Доля отмен модераторами, %',
              data: m.rules.map((x) => Math.round(x.overturnRate * 1000) / 10),
              backgroundColor: m.rules.map((x) => (x.overLimit ? '#b3261e' : '#1f5fa8')),
            },
            {
              type: 'line',
              label: `Порог, %`,
              data: m.rules.map(() => Math.round(m.overturnLimit.maxRate * 1000) / 10),
              borderColor: '#444',
              borderDash: [6, 4],
              // With one category a line has no length: draw its point as a dash instead.
              pointStyle: 'line',
              pointRadius: m.rules.length === 1 ? 60 : 0,
              fill: false,
            },
          ],
        },
        options: base('Как часто модераторы оставляли комментарии, отмеченные правилом', {
          scales: { y: { beginAtZero: true, max: 100 } },
        }),
      },
    });
  }
  const depts = r.appeals.byDepartment;
  if (depts.length > 0) {
    const parts = [
      ['Ответ в срок', '#3c9a5f', (c: AppealCounts) => c.answeredInTime],
      ['Ответ с опозданием', '#e07a5f', (c: AppealCounts) => c.answered - c.answeredInTime],
      ['Ожидают (срок не истёк)', '#f2c14e', (c: AppealCounts) => c.waiting],
      ['Просрочено', '#b3261e', (c: AppealCounts) => c.overdue],
      ['«Не обращение»', '#8d8d8d', (c: AppealCounts) => c.notAppeal],
    ] as const;
    specs.push({
      id: 'chart-appeals',
      title: 'Обращения по подразделениям',
      config: {
        type: 'bar',
        data: {
          labels: depts.map((d) => d.name),
          datasets: parts.map(([label, color, value]) => ({
            label,
            data: depts.map((d) => value(d.counts)),
            backgroundColor: color,
          })),
        },
        options: base('Обращения граждан по подразделениям: ответы в срок и просрочка (п. 3)', {
          indexAxis: 'y',
          scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
        }),
      },
    });
  }
  return specs;
}
