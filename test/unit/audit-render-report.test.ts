import { describe, expect, it } from 'vitest';
import { reportInputs } from '../../fixtures/audit/report-inputs.ts';
import { buildReport } from '../../store/report/build-report.ts';
import { chartSpecs } from '../../store/report/chart-configs.ts';
import { renderCsv } from '../../store/report/render-csv.ts';
import { renderHtml } from '../../store/report/render-html.ts';
import { renderMarkdown } from '../../store/report/render-markdown.ts';

const report = buildReport(reportInputs());
const FAKE_CHART_JS = 'window.Chart=function(){};/* "</script>" inside a library string */';

describe('markdown', () => {
  const md = renderMarkdown(report);
  it.each([
    '# Отчёт о ведении официальных страниц (Постановление № 702)',
    '## 1. Реестр аккаунтов (п. 1.4)',
    '## 2. Активность публикаций (п. 2.2)',
    '## 3. Модерация комментариев (п. 2.5)',
    '| 02.03.2026 — 15.03.2026 | 66 | 50 | 6 | 6 | 3 | 2 | 1 | 4 |',
    '| нецензурная брань | 6 | 0 | 6 |',
    '| adm-vk | 5 | 2 ⚠ | 7 | 1 |',
    '| insult.strong | оскорбления | удалить | 12 | 6 | 6 | 50,0 % ⚠ | 50,0 % |',
    '| 5 | 3 мин | 49 мин |',
    '| old-ok | нет в реестре (найден в журнале) |',
    '## 4. Обращения граждан (п. 3)',
    '| 02.03.2026 — 15.03.2026 | 7 | 1 | 3 | 2 | 40,0 % | 1 | 2 | 4 раб. ч | 13 раб. ч |',
    '| ЖКХ: отопление | 2 | 0 | 1 | 0 | 0,0 % | 0 | 1 | 14 раб. ч | 14 раб. ч |',
    '| Отдел ЖКХ | 3 | 0 | 2 | 1 | 33,3 % | 0 | 1 | 8 раб. ч 15 мин | 13 раб. ч 26 мин |',
    '| vk:adm-vk:a6 | adm-vk | Дороги и уборка снега | Отдел дорожного хозяйства | 20.02.2026 09:00 | 24.02.2026 18:00 | 96 раб. ч | срок истёк, доложено руководителю | https://vk.com/wall-1_77?reply=a6 | Обращение a6 |',
  ])('contains %s', (line) => {
    expect(md).toContain(line);
  });

  it('escapes pipes in cells', () => {
    const r = buildReport(
      reportInputs({ accounts: [], lastComments: [{ accountId: 'a|b', platform: 'vk', at: '2026-03-03' }] }),
    );
    expect(renderMarkdown(r)).toContain('| a\\|b |');
  });
});

describe('csv', () => {
  const csv = renderCsv(report);
  it('starts with a byte-order mark and uses CRLF', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
  });
  it('has one block per table with its header and rows', () => {
    const lines = csv.slice(1).split('\r\n');
    const i = lines.indexOf('3. Модерация комментариев (п. 2.5) — По аккаунтам');
    expect(lines[i + 1]?.split(',')[0]).toBe('Аккаунт');
    expect(lines[i + 2]).toBe('adm-vk,46,40,6,0,0,0,0,0');
  });
  it('quotes fields with commas and quotes', () => {
    expect(csv).toContain('"нет: FIX_CULT_COMMUNITY, FIX_CULT_USER"');
  });
});

describe('html', () => {
  const html = renderHtml(report, { chartJs: FAKE_CHART_JS });
  const data = JSON.parse(
    /<script id="chart-data" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1] ?? '[]',
  ) as {
    id: string;
    config: { data: { labels: string[]; datasets: { label: string; data: number[] }[] } };
  }[];

  it('is one self-contained Russian page: no external scripts, styles or images', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="ru">/);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toContain('<h2>3. Модерация комментариев (п. 2.5)</h2>');
  });

  it('inlines the chart library safely', () => {
    expect(html).toContain('window.Chart=function(){};');
    expect(html).toContain('"<\\/script>" inside a library string');
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('embeds a chart for each report with its data', () => {
    expect(data.map((c) => c.id)).toEqual([
      'chart-posting',
      'chart-accounts',
      'chart-categories',
      'chart-rules',
      'chart-appeals',
    ]);
    const appeals = data[4]!.config.data;
    expect(appeals.labels).toEqual([
      'Отдел ЖКХ',
      'Отдел дорожного хозяйства',
      'Общий отдел',
      'Отдел транспорта',
    ]);
    expect(appeals.datasets.map((d) => [d.label, d.data])).toEqual([
      ['Ответ в срок', [1, 1, 0, 0]],
      ['Ответ с опозданием', [1, 0, 0, 0]],
      ['Ожидают (срок не истёк)', [0, 0, 0, 1]],
      ['Просрочено', [1, 1, 0, 0]],
      ['«Не обращение»', [0, 0, 1, 0]],
    ]);
    expect(html).toMatch(
      /<section id="appeals"><h2>4\. Обращения граждан \(п\. 3\)<\/h2><div class="chart"><canvas id="chart-appeals"/,
    );
    const posting = data[0]!.config.data;
    expect(posting.labels).toEqual(['2026-W10', '2026-W11']);
    expect(posting.datasets.map((d) => [d.label, d.data])).toEqual([
      ['adm-vk', [5, 2]],
      ['culture-vk', [1, 0]],
      ['Цель: 5 в неделю', [5, 5]],
    ]);
    expect(data[3]!.config.data.datasets[0]!.data).toEqual([50, 25]);
    for (const c of data) expect(html).toContain(`<canvas id="${c.id}"`);
  });

  it('escapes text from the registry and the log', () => {
    const r = buildReport(
      reportInputs({
        accounts: [],
        lastComments: [{ accountId: '<b>x</b>', platform: 'vk', at: '2026-03-03' }],
      }),
    );
    const page = renderHtml(r, { chartJs: '' });
    expect(page).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(page).not.toContain('<b>x</b>');
  });

  it('draws no chart of an empty kind', () => {
    const empty = buildReport(
      reportInputs({
        audited: [],
        kept: [],
        ruleStats: [],
        posts: [],
        accounts: [],
        lastComments: [],
        appeals: { appeals: [], hours: undefined },
      }),
    );
    expect(chartSpecs(empty).map((c) => c.id)).toEqual([]);
  });
});
