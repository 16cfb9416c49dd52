import {
  appealStateRu,
  categoryRu,
  formatDuration,
  formatLocal,
  formatWorkingMinutes,
  modeShortRu,
  platformRu,
} from '../labels-ru.ts';
import type {
  AppealCounts,
  AppealCountsBy,
  AppealsReport,
  CountsBy,
  InboundHealthView,
  ModerationCounts,
  Report,
} from './report-model.ts';

/** One table of a report, already in words: every format renders the same tables. */
export interface ReportTable {
  readonly id: string;
  readonly title: string;
  readonly notes: readonly string[];
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Indexes of rows to highlight (below target, over the overturn limit, not in the registry). */
  readonly flagged: readonly number[];
}

export interface ReportSection {
  readonly id: string;
  readonly title: string;
  readonly tables: readonly ReportTable[];
}

export const REPORT_TITLE = 'Отчёт о ведении официальных страниц (Постановление № 702)';

const COUNT_HEADERS = [
  'Получено',
  'Без нарушений',
  'Удалено автоматически',
  'Направлено модераторам',
  'Удалено модераторами',
  'Оставлено модераторами',
  'Ожидают решения',
  'Отмечено в режиме наблюдения',
];
const countCells = (c: ModerationCounts): string[] =>
  [
    c.seen,
    c.clean,
    c.autoDeleted,
    c.sentToReview,
    c.humanDeleted,
    c.humanKept,
    c.awaitingReview,
    c.shadowFlagged,
  ].map(String);

const pct = (x: number): string => `${(x * 100).toFixed(1).replace('.', ',')} %`;

function countsTable(
  id: string,
  title: string,
  first: string,
  rows: readonly CountsBy[],
  name: (k: string) => string,
) {
  return {
    id,
    title,
    notes: [],
    headers: [first, ...COUNT_HEADERS],
    rows: rows.map((r) => [name(r.key), ...countCells(r.counts)]),
    flagged: [],
  };
}

const APPEAL_HEADERS = [
  'Зарегистрировано',
  '«Не обращение»',
  'Ответ дан',
  'Из них в срок',
  'Доля ответов в срок',
  'Ожидают (срок не истёк)',
  'Просрочено',
  'Медиана до первого ответа',
  '95-й процентиль',
];
const appealCells = (c: AppealCounts): string[] => [
  String(c.registered),
  String(c.notAppeal),
  String(c.answered),
  String(c.answeredInTime),
  c.shareInTime === null ? '—' : pct(c.shareInTime),
  String(c.waiting),
  String(c.overdue),
  formatWorkingMinutes(c.firstAnswer.medianMin),
  formatWorkingMinutes(c.firstAnswer.p95Min),
];

const excerpt = (s: string | null, n = 80): string =>
  s === null ? '(удалён по сроку хранения)' : s.length > n ? `${s.slice(0, n - 1)}…` : s;

function appealTables(a: AppealsReport, tz: string, period: string): ReportTable[] {
  const by = (id: string, title: string, first: string, rows: readonly AppealCountsBy[]): ReportTable => ({
    id,
    title,
    notes: [],
    headers: [first, ...APPEAL_HEADERS],
    rows: rows.map((r) => [r.name, ...appealCells(r.counts)]),
    flagged: rows.flatMap((r, i) => (r.counts.overdue > 0 ? [i] : [])),
  });
  return [
    {
      id: 'appeals-total',
      title: 'Итого за период',
      notes: [
        'Обращения, зарегистрированные за период; состояние — на конец периода (ответы и закрытия после него не учитываются).',
        'Доля в срок = ответы в срок / (все ответы + просроченные); обращения, срок которых ещё не истёк, не оцениваются.',
        a.workingHoursKnown
          ? 'Время до первого ответа — в рабочих часах подразделения, получившего обращение первым, с учётом производственного календаря, от времени комментария (так же считается срок).'
          : 'Файлы маршрутизации или производственного календаря не прочитаны: время в рабочих часах не посчитано.',
      ],
      headers: ['Период', ...APPEAL_HEADERS],
      rows: [[period, ...appealCells(a.total)]],
      flagged: a.total.overdue > 0 ? [0] : [],
    },
    by('appeals-by-topic', 'По темам', 'Тема', a.byTopic),
    by(
      'appeals-by-department',
      'По подразделениям (ответственным на конец периода)',
      'Подразделение',
      a.byDepartment,
    ),
    {
      id: 'appeals-overdue',
      title: 'Просроченные на конец периода',
      notes: [
        'Обращения, которые на конец периода ждали ответа после истечения срока, в том числе зарегистрированные раньше периода. Просрочка — в рабочих часах.',
      ],
      headers: [
        'Обращение',
        'Аккаунт',
        'Тема',
        'Подразделение',
        'Написано',
        'Срок ответа',
        'Просрочено на',
        'Состояние сейчас',
        'Ссылка',
        'Текст',
      ],
      rows: a.overdue.map((o) => [
        o.id,
        o.accountId,
        o.topicName,
        o.departmentName,
        formatLocal(o.commentedAt, tz),
        formatLocal(o.dueAt, tz),
        formatWorkingMinutes(o.overdueMin),
        appealStateRu(o.state),
        o.permalink ?? '—',
        excerpt(o.text),
      ]),
      flagged: [],
    },
  ];
}

const CHANNEL_RU: Readonly<Record<string, string>> = { webhook: 'webhook', poll: 'опрос' };

function inboundCell(list: readonly InboundHealthView[], tz: string): string {
  if (list.length === 0) return 'нет сведений';
  return list
    .map((h) => {
      const name = `${CHANNEL_RU[h.channel] ?? h.channel}${h.shared ? ' (общий адрес платформы)' : ''}`;
      const ok = h.lastOkAt ? `работал ${formatLocal(h.lastOkAt, tz)}` : 'ни разу не сработал';
      if (!h.lastErrorAt) return `${name}: ${ok}`;
      const err = `ошибка ${formatLocal(h.lastErrorAt, tz)}: ${h.lastError ?? ''}`;
      return h.failing
        ? `${name}: ⚠ ${err} (подряд: ${h.errorsSinceOk}); ${ok}`
        : `${name}: ${ok}; прежняя ${err}`;
    })
    .join('; ');
}

/** Formats the period for titles: `02.03.2026 — 08.03.2026`. */
export const periodRu = (r: Report): string =>
  `${formatLocal(r.period.from, r.period.timeZone)} — ${formatLocal(r.period.to, r.period.timeZone)}`;

/** The four reports as titled tables (Russian), shared by the md, csv and html renderers. */
export function reportSections(r: Report): ReportSection[] {
  const tz = r.period.timeZone;
  const registry: ReportTable = {
    id: 'registry',
    title: 'Реестр официальных аккаунтов',
    notes: [
      'Токены: задана ли переменная окружения с каждым токеном (значения не выводятся).',
      'Последний комментарий: когда Страж в последний раз получил комментарий этого аккаунта (по оставленным без нарушений — с точностью до дня).',
      'Приём событий — состояние на момент отчёта: когда webhook или опрос платформы последний раз сработал и последняя ошибка. Тихая страница: приём срабатывает (VK присылает и публикации, и ответы сообщества), ошибок после этого нет — комментариев просто не пишут. Сломанный приём: после последнего успеха есть ошибки («⚠»: 403 — неверный секрет или подпись, 503 — Redis недоступен, ошибки опроса ОК), либо приём не срабатывал ни разу. Запросы, которые платформа не отправляет совсем (выключен Callback API, не оформлена подписка), Страж увидеть не может: тогда «нет сведений» или давний последний успех при живой странице — проверьте настройки на платформе.',
    ],
    headers: [
      'Аккаунт',
      'Название',
      'Владелец',
      'Платформа',
      'Режим',
      'Ссылка',
      'Токены',
      'Последний комментарий',
      'Приём событий',
    ],
    rows: r.registry.map((a) => [
      a.accountId,
      a.inRegistry ? a.title : 'нет в реестре (найден в журнале)',
      a.owner || '—',
      platformRu(a.platform),
      a.mode ? modeShortRu(a.mode) : '—',
      a.url || '—',
      a.tokens.length === 0
        ? '—'
        : a.tokens.every((t) => t.present)
          ? 'все заданы'
          : `нет: ${a.tokens
              .filter((t) => !t.present)
              .map((t) => t.variable)
              .join(', ')}`,
      a.lastCommentAt ? formatLocal(a.lastCommentAt, tz) : 'не получено',
      inboundCell(a.inbound, tz),
    ]),
    flagged: r.registry.flatMap((a, i) =>
      !a.inRegistry || a.tokens.some((t) => !t.present) || a.inbound.some((h) => h.failing) ? [i] : [],
    ),
  };

  const weeks = r.posting.rows[0]?.weeks ?? [];
  const posting: ReportTable = {
    id: 'posting',
    title: 'Публикации по неделям (ISO)',
    notes: [
      `Цель: не менее ${r.posting.target} публикаций в неделю. «⚠» — неделя ниже цели; «(неполная)» — период захватывает неделю не целиком, она не оценивается.`,
      ...(r.posting.rows.some((row) => row.source === 'platform')
        ? [
            'Публикации подсчитаны на платформах (--count-posts); «в журнале N» — сколько из них Страж получил через webhook/опрос: расхождение значит, что приём событий пропускал публикации.',
          ]
        : [
            'Публикации — те, о которых Страж узнал через webhook/опрос (VK: wall_post_new от сообщества; ОК: новые темы группы). Facebook и Instagram не сообщают о публикациях страницы: для них запустите отчёт с --count-posts.',
          ]),
      ...r.posting.rows.flatMap((row) =>
        row.platformError
          ? [`${row.accountId}: платформа не ответила (${row.platformError}); показаны данные журнала.`]
          : [],
      ),
    ],
    headers: [
      'Аккаунт',
      ...weeks.map((w) => `${w.week} (с ${formatLocal(w.monday, tz)})`),
      'Всего',
      'Недель ниже цели',
    ],
    rows: r.posting.rows.map((row) => [
      row.accountId,
      ...row.weeks.map(
        (w) =>
          `${w.posts}${w.belowTarget ? ' ⚠' : ''}${w.partial ? ' (неполная)' : ''}` +
          (row.source === 'platform' && w.loggedPosts !== w.posts ? ` (в журнале ${w.loggedPosts})` : ''),
      ),
      String(row.total),
      String(row.weeksBelowTarget),
    ]),
    flagged: r.posting.rows.flatMap((row, i) => (row.weeksBelowTarget > 0 ? [i] : [])),
  };

  const m = r.moderation;
  const dt = m.decisionTime;
  const rules: ReportTable = {
    id: 'rules',
    title: 'Правила, решения которых модераторы отменяли',
    notes: [
      'Доля отмен — сколько отмеченных правилом комментариев модераторы оставили; точность — сколько удалили.',
      `Порог: доля отмен выше ${pct(m.overturnLimit.maxRate)} при не менее ${m.overturnLimit.minDecisions} решениях — «⚠»; правило с auto_demote: true переводится из «удалить» в «на проверку».`,
    ],
    headers: [
      'Правило',
      'Основание',
      'Действие правила',
      'Решений модераторов',
      'Удалено',
      'Оставлено',
      'Доля отмен',
      'Точность',
    ],
    rows: m.rules.map((x) => [
      x.ruleId,
      categoryRu(x.category),
      x.action === 'delete' ? 'удалить' : 'на проверку',
      String(x.decided),
      String(x.deleted),
      String(x.kept),
      `${pct(x.overturnRate)}${x.overLimit ? ' ⚠' : ''}`,
      pct(x.precision),
    ]),
    flagged: m.rules.flatMap((x, i) => (x.overLimit ? [i] : [])),
  };

  return [
    { id: 'registry', title: '1. Реестр аккаунтов (п. 1.4)', tables: [registry] },
    { id: 'posting', title: '2. Активность публикаций (п. 2.2)', tables: [posting] },
    {
      id: 'moderation',
      title: '3. Модерация комментариев (п. 2.5)',
      tables: [
        countsTable('total', 'Итого за период', 'Период', [{ key: periodRu(r), counts: m.total }], (k) => k),
        countsTable('by-category', 'По основаниям', 'Основание', m.byCategory, categoryRu),
        countsTable('by-account', 'По аккаунтам', 'Аккаунт', m.byAccount, (k) => k),
        countsTable('by-platform', 'По платформам', 'Платформа', m.byPlatform, platformRu),
        {
          id: 'decision-time',
          title: 'Время до решения модератора',
          notes: [`Неудачных действий на платформах за период: ${m.failedActions}.`],
          headers: ['Решений', 'Медиана', '95-й процентиль'],
          rows: [[String(dt.decisions), formatDuration(dt.medianMs), formatDuration(dt.p95Ms)]],
          flagged: [],
        },
        rules,
      ],
    },
    {
      id: 'appeals',
      title: '4. Обращения граждан (п. 3)',
      tables: appealTables(r.appeals, tz, periodRu(r)),
    },
  ];
}
