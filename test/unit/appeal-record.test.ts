import { describe, expect, it } from 'vitest';
import { applyAppealAction, type AppealAction, type AppealRecord } from '../../core/appeals/appeal-record.ts';
import { renderAppealCard, renderAppealList } from '../../core/appeals/render-appeal.ts';
import { routeAppeal } from '../../core/appeals/routing.ts';
import { appealFor, shippedAppealSetup } from '../helpers/appeal-fixture.ts';

const setup = await shippedAppealSetup();
const yak = (local: string): Date => new Date(`${local}+09:00`);
// Friday 17:00 before the 23 February holiday: 9 working hours end on Tuesday 18:00.
const written = yak('2026-02-20T17:00');
const base = appealFor(setup, 'Третий день нет горячей воды на Ленина 5, дети моются из тазика', written);
const official = { kind: 'official' as const, id: '1000101', name: 'Петрова' };

function run(r: AppealRecord, ...actions: AppealAction[]) {
  let cur = r;
  const out = [];
  for (const a of actions) {
    const t = applyAppealAction(cur, a);
    out.push(t);
    if (t.ok) cur = t.record;
  }
  return { final: cur, results: out };
}

describe('an opened appeal', () => {
  it('is routed with the deadline in working hours and a reminder two working hours before', () => {
    expect(base).toMatchObject({
      id: 'vk:neryungri-vk:501',
      state: 'open',
      topic: 'housing',
      kind: 'complaint',
      department: 'housing',
      dueAt: yak('2026-02-24T18:00').toISOString(),
      remindAt: yak('2026-02-24T16:00').toISOString(),
      revision: 0,
    });
    expect(base.history.map((h) => h.type)).toEqual(['opened']);
  });
});

describe('appeal transitions', () => {
  it.each<[string, AppealAction[], string, string[]]>([
    [
      'answered by an official',
      [{ type: 'answer', by: official, at: yak('2026-02-24T10:00') }],
      'answered',
      ['opened', 'answered'],
    ],
    [
      'not an appeal',
      [{ type: 'not_an_appeal', by: official, at: yak('2026-02-24T10:00') }],
      'not_an_appeal',
      ['opened', 'not_an_appeal'],
    ],
    [
      'escalated after the deadline',
      [{ type: 'escalate', at: yak('2026-02-24T18:01') }],
      'escalated',
      ['opened', 'escalated'],
    ],
    [
      'not escalated before the deadline',
      [{ type: 'escalate', at: yak('2026-02-24T17:59') }],
      'open',
      ['opened'],
    ],
    [
      'reminded once',
      [
        { type: 'remind', at: yak('2026-02-24T16:00') },
        { type: 'remind', at: yak('2026-02-24T16:30') },
      ],
      'open',
      ['opened', 'reminder_due'],
    ],
    [
      'transferred, then escalated in the new department, then answered',
      [
        { type: 'transfer', by: official, at: yak('2026-02-24T11:00'), toDepartment: 'roads' },
        { type: 'escalate', at: yak('2026-02-25T09:00') },
        { type: 'answer', by: official, at: yak('2026-02-25T10:00') },
      ],
      'answered',
      ['opened', 'transferred', 'escalated', 'answered'],
    ],
    [
      // Regression: a transfer forgot earlier escalations, so X → Y → X escalated in X a second time.
      'escalated once per department, even when transferred back and forth',
      [
        { type: 'escalate', at: yak('2026-02-25T09:00') },
        { type: 'transfer', by: official, at: yak('2026-02-25T10:00'), toDepartment: 'roads' },
        { type: 'escalate', at: yak('2026-02-25T11:00') },
        { type: 'transfer', by: official, at: yak('2026-02-25T12:00'), toDepartment: base.department },
        { type: 'escalate', at: yak('2026-02-25T13:00') },
      ],
      'transferred',
      ['opened', 'escalated', 'transferred', 'escalated', 'transferred'],
    ],
    [
      'nothing changes a closed appeal',
      [
        { type: 'answer', by: official, at: yak('2026-02-24T10:00') },
        { type: 'transfer', by: official, at: yak('2026-02-24T11:00'), toDepartment: 'roads' },
        { type: 'escalate', at: yak('2026-03-01T10:00') },
      ],
      'answered',
      ['opened', 'answered'],
    ],
  ])('%s', (_what, actions, state, history) => {
    const { final } = run(base, ...actions);
    expect(final.state).toBe(state);
    expect(final.history.map((h) => h.type)).toEqual(history);
    expect(final.revision).toBe(history.length - 1);
  });

  it('a transfer keeps the deadline and records both departments', () => {
    const { final } = run(base, {
      type: 'transfer',
      by: official,
      at: yak('2026-02-24T11:00'),
      toDepartment: 'roads',
      note: 'это дорожники',
    });
    expect(final.department).toBe('roads');
    expect(final.dueAt).toBe(base.dueAt);
    expect(final.history[1]).toMatchObject({
      type: 'transferred',
      fromDepartment: 'housing',
      department: 'roads',
      note: 'это дорожники',
    });
  });

  it('refuses a transfer to the same department', () => {
    const t = applyAppealAction(base, {
      type: 'transfer',
      by: official,
      at: written,
      toDepartment: 'housing',
    });
    expect(t).toEqual({ ok: false, refused: 'same_department', department: 'housing' });
  });
});

describe('rendering for officials (Russian)', () => {
  const dep = routeAppeal(setup.routing, 'housing', 'neryungri-vk');
  it('the card shows account, link, author, text, topic and local deadline', () => {
    const card = renderAppealCard(base, dep, 'Администрация Нерюнгринского района');
    expect(card).toContain('жалоба, тема: ЖКХ');
    expect(card).toContain('https://vk.com/wall-100000001_77?reply=501');
    expect(card).toContain('Иван Петров');
    expect(card).toContain('Третий день нет горячей воды');
    expect(card).toContain('24.02.2026 18:00');
    expect(card).toContain('Управление ЖКХ');
  });
  it('the list marks overdue appeals', () => {
    expect(renderAppealList([base], 'Asia/Yakutsk', yak('2026-02-25T09:00'))).toMatch(
      /^1\. до 24\.02\.2026 18:00 ⚠️ просрочено/,
    );
    expect(renderAppealList([], 'Asia/Yakutsk', written)).toBe('Открытых обращений нет.');
  });
});
