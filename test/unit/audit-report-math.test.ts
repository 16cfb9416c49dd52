import { describe, expect, it } from 'vitest';
import { dayRangeUtc, localDay } from '../../store/local-day.ts';
import { isoWeekOf, isoWeeks, weekRangesUtc } from '../../store/report/iso-weeks.ts';
import { quantile } from '../../store/report/quantile.ts';
import { formatDuration, formatLocal } from '../../store/labels-ru.ts';

describe('quantile', () => {
  it.each([
    [[], 0.5, null],
    [[7], 0.95, 7],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[10, 30, 60], 0.5, 30],
    [[10, 30, 60], 0.95, 57],
    [[60, 10, 30], 0, 10],
    [[60, 10, 30], 1, 60],
  ])('quantile(%j, %d) = %s', (values, q, want) => {
    expect(quantile(values, q)).toBe(want);
  });
});

describe('ISO weeks', () => {
  it.each([
    ['2026-03-02', '2026-03-08', [['2026-W10', '2026-03-02', true]]],
    [
      '2026-03-04',
      '2026-03-15',
      [
        ['2026-W10', '2026-03-02', false],
        ['2026-W11', '2026-03-09', true],
      ],
    ],
    // The ISO year differs from the calendar year around New Year.
    ['2025-12-29', '2026-01-04', [['2026-W01', '2025-12-29', true]]],
    ['2026-12-31', '2026-12-31', [['2026-W53', '2026-12-28', false]]],
  ])('%s … %s', (from, to, want) => {
    expect(isoWeeks(from, to).map((w) => [w.week, w.monday, w.complete])).toEqual(want);
  });

  it.each([
    ['2026-03-08T14:59:59Z', '2026-W10'], // Sunday 23:59 in Yakutsk
    ['2026-03-08T15:00:00Z', '2026-W11'], // Monday 00:00 in Yakutsk
  ])('the week of %s in Asia/Yakutsk is %s', (at, week) => {
    expect(isoWeekOf(at, 'Asia/Yakutsk')).toBe(week);
  });
});

describe('week ranges asked of the platforms', () => {
  it('cuts partial weeks to the period, on the local calendar', () => {
    expect(weekRangesUtc('2026-03-04', '2026-03-15', 'Asia/Yakutsk')).toEqual([
      { week: '2026-W10', start: '2026-03-03T15:00:00.000Z', end: '2026-03-08T15:00:00.000Z' },
      { week: '2026-W11', start: '2026-03-08T15:00:00.000Z', end: '2026-03-15T15:00:00.000Z' },
    ]);
    expect(weekRangesUtc('2026-03-02', '2026-03-03', 'UTC')).toEqual([
      { week: '2026-W10', start: '2026-03-02T00:00:00.000Z', end: '2026-03-04T00:00:00.000Z' },
    ]);
  });
});

describe('local days', () => {
  it.each([
    ['2026-03-01T14:59:59Z', 'Asia/Yakutsk', '2026-03-01'],
    ['2026-03-01T15:00:00Z', 'Asia/Yakutsk', '2026-03-02'],
    ['2026-03-01T15:00:00Z', 'UTC', '2026-03-01'],
    // Asked in a row, a minute apart across midnight: a remembered answer must not outlive its day.
    ['2026-03-01T18:14:59Z', 'Asia/Kathmandu', '2026-03-01'],
    ['2026-03-01T18:15:00Z', 'Asia/Kathmandu', '2026-03-02'],
    ['2026-03-01T18:29:59Z', 'Asia/Kolkata', '2026-03-01'],
    ['2026-03-01T18:30:00Z', 'Asia/Kolkata', '2026-03-02'],
    ['2026-03-01T14:59:00Z', 'Asia/Yakutsk', '2026-03-01'],
    ['2026-03-01T15:00:30Z', 'Asia/Yakutsk', '2026-03-02'],
  ])('%s in %s is %s', (at, zone, day) => {
    expect(localDay(new Date(at), zone)).toBe(day);
  });

  it('a day range covers whole local days', () => {
    expect(dayRangeUtc('2026-03-02', '2026-03-08', 'Asia/Yakutsk')).toEqual({
      start: '2026-03-01T15:00:00.000Z',
      end: '2026-03-08T15:00:00.000Z',
    });
    expect(() => dayRangeUtc('2026-02-30', '2026-03-01', 'UTC')).toThrow(RangeError);
  });
});

describe('Russian formatting', () => {
  it.each([
    [null, '—'],
    [40_000, '40 с'],
    [30 * 60_000, '30 мин'],
    [65 * 60_000, '1 ч 05 мин'],
    [50 * 3_600_000, '2 дн 2 ч'],
  ])('duration %s → %s', (ms, want) => {
    expect(formatDuration(ms)).toBe(want);
  });

  it.each([
    ['2026-03-04T01:00:00Z', '04.03.2026 10:00'],
    ['2026-03-04', '04.03.2026'],
  ])('%s → %s in Yakutsk', (at, want) => {
    expect(formatLocal(at, 'Asia/Yakutsk')).toBe(want);
  });
});
