import { describe, expect, it } from 'vitest';
import { decisionData, parseDecisionData } from '../../bot/view/callback-data.ts';
import { alreadyDecidedText, authorUrl, renderCard } from '../../bot/view/card.ts';
import { actionFor, undoPlan } from '../../bot/view/decision-plan.ts';
import { cut, escapeHtml, markSpans, normalizeSpans } from '../../bot/view/html.ts';
import { plural } from '../../bot/view/labels.ts';
import type { CardView } from '../../bot/view/model.ts';
import { backlogText, queueText, reminderText, statsText } from '../../bot/view/texts.ts';
import { dayOf, formatAge, formatTime, weekDaysUpTo } from '../../bot/view/time.ts';
import { REVIEW_TEXTS, reviewJob } from '../helpers/review-fixtures.ts';

const TZ = 'Asia/Yakutsk';
const AT = Date.UTC(2026, 10, 28, 5, 5); // 14:05 in Yakutsk (UTC+9)

/** Strips Telegram HTML to what the reader sees. */
const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');

/** True when every tag opened is closed in order (Telegram rejects broken HTML). */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z-]+)[^>]*>/g)) {
    if (m[1]) {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2] ?? '');
  }
  return stack.length === 0;
}

function view(over: Partial<CardView> = {}): CardView {
  return {
    itemId: '1z',
    job: reviewJob({ accountId: 'neryungri-vk', id: 7, text: REVIEW_TEXTS.html, word: 'идиоты' }),
    account: { id: 'neryungri-vk', title: 'Администрация <района>', platform: 'vk', banDays: 30 },
    queuedAt: AT,
    ...over,
  };
}

describe('escapeHtml / markSpans', () => {
  it.each([
    ['a<b>&"c"', 'a&lt;b&gt;&amp;&quot;c&quot;'],
    ['', ''],
    ['обычный текст', 'обычный текст'],
  ])('escapes %j', (input, out) => expect(escapeHtml(input)).toBe(out));

  it.each([
    { text: 'ты <дурак>', spans: [{ start: 4, end: 9 }], out: 'ты &lt;<b><u>дурак</u></b>&gt;' },
    {
      text: 'abcdef',
      spans: [
        { start: 3, end: 5 },
        { start: 1, end: 4 },
      ],
      out: 'a<b><u>bcde</u></b>f',
    },
    { text: 'abc', spans: [{ start: -5, end: 99 }], out: '<b><u>abc</u></b>' },
    { text: 'abc', spans: [{ start: 2, end: 2 }], out: 'abc' },
    { text: 'x😡y', spans: [{ start: 2, end: 3 }], out: 'x<b><u>😡</u></b>y' },
    {
      text: 'ab',
      spans: [
        { start: 0, end: 1 },
        { start: 1, end: 2 },
      ],
      out: '<b><u>ab</u></b>',
    },
  ])('marks $spans in $text', ({ text, spans, out }) => {
    expect(markSpans(text, spans)).toBe(out);
  });

  it('keeps the visible text equal to the original and the tags balanced', () => {
    const t = REVIEW_TEXTS.html;
    const spans = [...t.matchAll(/идиоты/g)].map((m) => ({ start: m.index, end: m.index + 6 }));
    const html = markSpans(t, spans);
    expect(visible(html)).toBe(t);
    expect(balanced(html)).toBe(true);
    expect(html.match(/<b><u>идиоты<\/u><\/b>/g)).toHaveLength(2);
  });

  it('cuts long text to a window around the first match', () => {
    const t = 'а'.repeat(5000) + 'идиоты' + 'б'.repeat(5000);
    const html = markSpans(t, [{ start: 5000, end: 5006 }], 1000);
    expect(html.startsWith('…')).toBe(true);
    expect(html.endsWith('…')).toBe(true);
    expect(html).toContain('<b><u>идиоты</u></b>');
    expect(visible(html).length).toBeLessThanOrEqual(1002);
  });

  it('never splits a surrogate pair when spans or cuts land inside one', () => {
    expect(normalizeSpans('x😡', [{ start: 2, end: 3 }])).toEqual([{ start: 1, end: 3 }]);
    expect(cut('ab😡', 3)).toBe('ab…');
  });
});

describe('callback data', () => {
  it.each(['delete', 'keep', 'delete_and_ban'] as const)('round-trips %s within 64 bytes', (d) => {
    const data = decisionData(d, 'zzzzzzzzzzzz');
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(parseDecisionData(data)).toEqual({ decision: d, itemId: 'zzzzzzzzzzzz' });
  });
  it.each(['', 'd:', 'q:1', 'd:1:2', 'd:ABC', 'удалить:1', 'd:' + 'a'.repeat(13)])('rejects %j', (s) => {
    expect(parseDecisionData(s)).toBeUndefined();
  });
  it('refuses to build data from a bad id', () => expect(() => decisionData('keep', 'A-1')).toThrow());
});

describe('renderCard', () => {
  it('an open card shows account, author, marked text, rules, mode and three buttons', () => {
    const r = renderCard(view(), TZ);
    expect(r.text).toContain('Администрация &lt;района&gt; (ВКонтакте)');
    expect(r.text).toContain('<a href="https://vk.com/id507">Житель 7</a>');
    expect(r.text).toContain('получен 28.11 14:05');
    expect(r.text).toContain('<b><u>идиоты</u></b>');
    expect(r.text).toContain('&lt;b&gt;');
    expect(r.text).toContain('основание п. 2.5: оскорбления; оценка 0.60');
    expect(r.text).toContain('Режим аккаунта:</b> только через модератора');
    expect(balanced(r.text)).toBe(true);
    expect(r.keyboard.flat().map((b) => [b.text, b.data])).toEqual([
      ['🗑 Удалить', 'd:1z'],
      ['✅ Оставить', 'k:1z'],
      ['⛔ Удалить и заблокировать (30 дн.)', 'b:1z'],
    ]);
  });

  it.each([
    [{ status: 'pending', detail: '', at: AT }, '⏳ Выполняется на платформе ВКонтакте'],
    [
      { status: 'done', detail: 'wall.deleteComment', at: AT },
      '✔️ Выполнено на платформе ВКонтакте (wall.deleteComment)',
    ],
    [
      { status: 'failed', detail: 'vk error 15: <denied>', at: AT },
      'Не удалось выполнить на платформе ВКонтакте: vk error 15: &lt;denied&gt;',
    ],
    [{ status: 'already_done', detail: '', at: AT }, 'уже был удалён'],
    [
      { status: 'unknown', detail: 'задача уже удалена из очереди, проверьте на платформе', at: AT },
      '❔ Результат на платформе ВКонтакте неизвестен: задача уже удалена из очереди, проверьте на платформе',
    ],
    [
      { status: 'failed', detail: 'vk error 15: wall.deleteComment done; …', at: AT, stepsDone: ['delete'] },
      '⚠️ Выполнено не полностью на платформе ВКонтакте (комментарий удалён), остальное не удалось: vk error 15: wall.deleteComment done; …',
    ],
  ] as const)('a decided card shows who, when and the outcome %#', (outcome, line) => {
    const r = renderCard(
      view({
        decision: { decision: 'delete_and_ban', by: { id: '5', name: 'Анна' }, at: AT + 60_000, rev: 1 },
        outcome,
      }),
      TZ,
    );
    expect(r.keyboard).toEqual([]);
    expect(r.text).toContain('Решение:</b> удалить и заблокировать автора на 30 дн. — Анна, 28.11 14:06');
    expect(r.text).toContain(line);
    expect(balanced(r.text)).toBe(true);
  });

  it('a permanent ban reads «навсегда»', () => {
    const r = renderCard(view({ account: { id: 'a', title: 'A', platform: 'vk', banDays: 0 } }), TZ);
    expect(r.keyboard[1]?.[0]?.text).toBe('⛔ Удалить и заблокировать (навсегда)');
  });

  it('stays under Telegram’s 4096-character limit for a 20 000-character comment', () => {
    const long = 'слово '.repeat(3333) + 'идиоты';
    const job = reviewJob({ accountId: 'x', id: 1, text: long, word: 'идиоты' });
    const r = renderCard(view({ job }), TZ);
    expect(visible(r.text).length).toBeLessThan(4096);
    expect(r.text).toContain('<b><u>идиоты</u></b>');
  });

  it('stays under the limit when every character needs escaping', () => {
    const long = '"<>&'.repeat(4990) + 'идиоты';
    const job = reviewJob({ accountId: 'x', id: 1, text: long, word: 'идиоты' });
    const r = renderCard(view({ job }), TZ);
    expect(visible(r.text).length).toBeLessThan(4096);
    expect(balanced(r.text)).toBe(true);
  });

  it('names who decided on a second press', () => {
    expect(alreadyDecidedText({ decision: 'keep', by: { id: '5', name: 'Борис' }, at: AT, rev: 1 }, TZ)).toBe(
      'Уже решено: «оставить» — Борис, 28.11 14:05',
    );
  });

  it.each([
    ['vk', '123', 'https://vk.com/id123'],
    ['vk', '-42', 'https://vk.com/club42'],
    ['ok', '577', 'https://ok.ru/profile/577'],
    ['facebook', '1', undefined],
  ] as const)('author link for %s %s', (platform, id, url) => {
    expect(authorUrl({ platform, author: { id, name: '' } })).toBe(url);
  });
});

describe('decision plans', () => {
  it.each([
    ['delete', 'vk', false, 'delete'],
    ['delete_and_ban', 'vk', false, 'delete_and_ban'],
    ['keep', 'vk', true, undefined],
    ['keep', 'facebook', true, 'unhide'],
    ['keep', 'instagram', false, undefined],
  ] as const)('%s on %s (hide while review %s) → %s', (d, p, hide, action) => {
    expect(actionFor(d, p, hide)).toBe(action);
  });

  const base = {
    platform: 'vk',
    kind: 'wall_comment',
    decision: 'delete',
    decidedAt: 0,
    now: 1000,
    windowMs: 60_000,
    hideWhileReview: false,
  } as const;
  it.each([
    [{}, { ok: true, action: 'restore' }],
    [{ now: 61_001 }, { ok: false }],
    [{ kind: 'photo_comment' }, { ok: false }],
    [{ platform: 'ok' }, { ok: false }],
    // «Удалить и заблокировать»: the ban is lifted wherever the API can, the comment restored where it can.
    [{ decision: 'delete_and_ban' }, { ok: true, action: 'restore_and_unban' }],
    [
      { decision: 'delete_and_ban', now: 61_001 },
      { ok: true, action: 'unban', notUndone: expect.stringContaining('истекло') },
    ],
    [
      { decision: 'delete_and_ban', kind: 'photo_comment' },
      { ok: true, action: 'unban', notUndone: expect.stringContaining('такого типа') },
    ],
    [
      { decision: 'delete_and_ban', platform: 'facebook', kind: 'page_comment' },
      { ok: true, action: 'unban', notUndone: expect.stringContaining('Facebook не позволяет') },
    ],
    [
      { decision: 'delete_and_ban', platform: 'facebook', kind: 'page_comment', now: 10 ** 9 },
      { ok: true, action: 'unban' },
    ],
    [
      { decision: 'delete_and_ban', platform: 'ok', kind: 'topic_comment' },
      { ok: false, reason: expect.stringMatching(/^Одноклассники не позволяют .*снять блокировку/) },
    ],
    [
      { decision: 'delete_and_ban', platform: 'instagram', kind: 'media_comment' },
      { ok: false, reason: expect.stringMatching(/^Instagram не позволяет/) },
    ],
    [{ platform: 'facebook', kind: 'page_comment' }, { ok: false }],
    [
      { decision: 'keep', now: 10 ** 9 },
      { ok: true, action: undefined },
    ],
    [
      { decision: 'keep', platform: 'facebook', hideWhileReview: true },
      { ok: true, action: 'hide' },
    ],
  ] as const)('undo %j', (over, expected) => {
    expect(undoPlan({ ...base, ...over })).toMatchObject(expected);
  });
  // The decision's action failed for good: only the steps that went through are reversed.
  const deletedOnly = { decision: 'delete_and_ban', failed: { stepsDone: ['delete'] } } as const;
  const NOTHING = 'на платформе отменять нечего: действие по решению выполнить не удалось';
  it.each([
    [
      deletedOnly,
      {
        ok: true,
        action: 'restore',
        notNeeded: expect.stringMatching(/^блокировку автора снимать не нужно/),
      },
    ],
    [
      { ...deletedOnly, now: 61_001 },
      {
        ok: false,
        reason:
          'Комментарий удалён на платформе, а заблокировать автора не удалось. ' +
          'Время, в течение которого платформа позволяет восстановить комментарий, истекло.',
      },
    ],
    [
      { ...deletedOnly, platform: 'facebook', kind: 'page_comment' },
      {
        ok: false,
        reason: expect.stringMatching(
          /^Комментарий удалён на платформе, а заблокировать автора не удалось\. Эта платформа не позволяет/,
        ),
      },
    ],
    // Nothing went through: nothing to reverse, even where the platform could not have reversed it.
    [
      { decision: 'delete_and_ban', failed: { stepsDone: [] } },
      { ok: true, action: undefined, notNeeded: NOTHING },
    ],
    [
      { decision: 'delete_and_ban', platform: 'ok', kind: 'topic_comment', failed: { stepsDone: [] } },
      { ok: true, action: undefined, notNeeded: NOTHING },
    ],
    [
      { now: 61_001, failed: { stepsDone: [] } },
      { ok: true, action: undefined, notNeeded: NOTHING },
    ],
    [
      { platform: 'facebook', kind: 'page_comment', failed: { stepsDone: [] } },
      { ok: true, action: undefined, notNeeded: NOTHING },
    ],
    [
      { decision: 'keep', platform: 'facebook', hideWhileReview: true, failed: { stepsDone: [] } },
      { ok: true, action: undefined, notNeeded: NOTHING },
    ],
  ] as const)('undo of a failed action %j', (over, expected) => {
    expect(undoPlan({ ...base, ...over })).toEqual(expected);
  });

  it('a VK wall comment deleted and banned within the window is undone in full: nothing is left out', () => {
    expect(undoPlan({ ...base, decision: 'delete_and_ban' })).toEqual({
      ok: true,
      action: 'restore_and_unban',
    });
  });
});

describe('texts', () => {
  it.each([
    [1, 'комментарий'],
    [2, 'комментария'],
    [5, 'комментариев'],
    [11, 'комментариев'],
    [21, 'комментарий'],
    [104, 'комментария'],
  ])('plural(%i)', (n, w) => expect(plural(n, ['комментарий', 'комментария', 'комментариев'])).toBe(w));

  it('queue, backlog and reminder texts carry the counts', () => {
    expect(queueText({ waiting: 0, open: 0 })).toContain('Очередь пуста');
    expect(queueText({ waiting: 3, open: 2, oldestAgeMs: 3_900_000 })).toMatch(
      /Ждут решения: <b>5<\/b>[\s\S]*1 ч 5 мин/,
    );
    expect(backlogText({ waiting: 90, open: 10 }, 10)).toContain('ещё 90 комментариев ждут показа');
    // Regression: the verb did not agree with 1, 21, 101… («1 комментарий ждут»).
    expect.soft(backlogText({ waiting: 1, open: 10 }, 10)).toContain('ещё 1 комментарий ждёт показа');
    expect.soft(backlogText({ waiting: 21, open: 10 }, 10)).toContain('ещё 21 комментарий ждёт показа');
    expect.soft(backlogText({ waiting: 3, open: 10 }, 10)).toContain('ещё 3 комментария ждут показа');
    expect(backlogText({ waiting: 0, open: 3 }, 10)).toContain('Очередь разобрана');
    expect(reminderText(2, 7_200_000, 60)).toContain('2</b> комментария ждут решения дольше 60 мин');
    expect(reminderText(1, 7_200_000, 60)).toContain('1</b> комментарий ждёт решения');
    // Regression: a fractional SLA was written with a dot («1.5 мин»).
    expect(reminderText(3, 7_200_000, 1.5)).toContain('дольше 1,5 мин');
  });

  it('stats by category and account', () => {
    const today = {
      seen: 4,
      auto_deleted: 1,
      to_review: 2,
      decided: 2,
      'decided:delete': 2,
      'cat:obscene': 3,
      'acct:a:seen': 4,
    };
    const t = statsText(today, { ...today, seen: 10 }, new Map([['a', 'Администрация']]));
    expect(t).toMatch(
      /Сегодня[\s\S]*Получено комментариев: 4[\s\S]*Эта неделя[\s\S]*Получено комментариев: 10/,
    );
    expect(t).toContain('нецензурная брань 3');
    expect(t).toContain('• Администрация: получено 4');
    expect(t).toContain('удалить: 2, оставить: 0');
  });
});

describe('time', () => {
  it('formats in the configured zone and finds days and weeks there', () => {
    expect(formatTime(AT, TZ)).toBe('28.11 14:05');
    expect(dayOf(Date.UTC(2026, 10, 28, 16, 0), TZ)).toBe('2026-11-29');
    expect(weekDaysUpTo('2026-11-25')).toEqual(['2026-11-23', '2026-11-24', '2026-11-25']);
    expect(weekDaysUpTo('2026-11-23')).toEqual(['2026-11-23']);
    expect(formatAge(30_000)).toBe('меньше минуты');
    expect(formatAge(90 * 60_000)).toBe('1 ч 30 мин');
    expect(formatAge(50 * 3_600_000)).toBe('2 дн. 2 ч');
  });
});
