import { describe, expect, it } from 'vitest';
import {
  FIXTURE_APPEAL_HOURS,
  FIXTURE_APPEALS,
  FIXTURE_APPEALS_EXPECTED,
} from '../../fixtures/audit/appeal-facts.ts';
import { buildAppeals, statusAt, type AppealFact } from '../../store/report/build-appeals.ts';
import { formatWorkingMinutes } from '../../store/labels-ru.ts';

// 02.03–15.03.2026 in Asia/Yakutsk.
const RANGE = { start: '2026-03-01T15:00:00.000Z', end: '2026-03-15T15:00:00.000Z' };
const byId = (id: string) => FIXTURE_APPEALS.find((a) => a.id === `vk:adm-vk:${id}`) as AppealFact;

describe('appeals report', () => {
  const r = buildAppeals({ appeals: FIXTURE_APPEALS, hours: FIXTURE_APPEAL_HOURS }, RANGE);

  it('counts the appeals registered in the period as they stood at its end', () => {
    expect(r.total).toEqual(FIXTURE_APPEALS_EXPECTED.total);
  });

  it.each([
    ['a1', 'answered'],
    ['a2', 'answered'],
    ['a3', 'overdue'],
    ['a4', 'waiting'],
    ['a5', 'not_appeal'],
    ['a6', 'overdue'],
    // Answered the day after the period ended: overdue at its end.
    ['a7', 'overdue'],
  ] as const)('%s at the end of the period: %s', (id, want) => {
    expect(statusAt(byId(id), RANGE.end)).toBe(want);
  });

  it('groups by topic and by the department responsible now (a transfer counts where it went)', () => {
    expect(r.byTopic.map((t) => [t.name, t.counts.registered, t.counts.overdue])).toEqual([
      ['Дороги и уборка снега', 3, 1],
      ['ЖКХ: отопление', 2, 1],
      ['Другое', 1, 0],
      ['Транспорт', 1, 0],
    ]);
    const housing = r.byDepartment.find((d) => d.key === 'housing');
    expect(housing).toMatchObject({
      name: 'Отдел ЖКХ',
      counts: { registered: 3, answered: 2, answeredInTime: 1 },
    });
    // a2 took 14 working hours; a8 2.5 (counted on the roads department's hours, where it started).
    expect(housing?.counts.firstAnswer).toEqual({ answers: 2, medianMin: 495, p95Min: 805.5 });
  });

  it('lists every appeal overdue at the end, older ones included, earliest deadline first', () => {
    expect(r.overdue.map((o) => [o.id, o.overdueMin])).toEqual(FIXTURE_APPEALS_EXPECTED.overdue);
    expect(r.overdue[0]).toMatchObject({ departmentName: 'Отдел дорожного хозяйства', state: 'escalated' });
  });

  it('counts working hours across the weekend and the 9 March holiday', () => {
    // a3: Friday 17:00 → Tuesday 18:00 deadline; three working days remain after it.
    expect(r.overdue.find((o) => o.id === 'vk:adm-vk:a3')?.overdueMin).toBe(3 * 8 * 60);
  });

  it('without the routing files the counts stand and the hours are unknown', () => {
    const bare = buildAppeals({ appeals: FIXTURE_APPEALS, hours: undefined }, RANGE);
    expect(bare.workingHoursKnown).toBe(false);
    expect(bare.total.registered).toBe(7);
    expect(bare.total.firstAnswer).toEqual({ answers: 0, medianMin: null, p95Min: null });
    expect(bare.overdue.map((o) => [o.departmentName, o.overdueMin])[0]).toEqual(['roads', null]);
  });

  it('has no share in time when nothing could be judged yet', () => {
    const only = buildAppeals({ appeals: [byId('a4')], hours: FIXTURE_APPEAL_HOURS }, RANGE);
    expect(only.total).toMatchObject({ registered: 1, waiting: 1, shareInTime: null });
    expect(only.overdue).toEqual([]);
  });

  it.each([
    [null, '—'],
    [45, '45 мин'],
    [240, '4 раб. ч'],
    [150, '2 раб. ч 30 мин'],
  ] as const)('formats %s working minutes as %s', (m, want) => {
    expect(formatWorkingMinutes(m)).toBe(want);
  });
});
