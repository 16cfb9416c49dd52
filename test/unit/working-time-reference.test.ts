import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseWorkCalendar } from '../../core/appeals/work-calendar.ts';
import {
  addWorkingHours,
  WEEKDAYS,
  type MinuteRange,
  type WorkSchedule,
} from '../../core/appeals/working-time.ts';
import { zoneDays } from '../../core/appeals/zone-days.ts';

/**
 * The luxon-only implementation of `addWorkingHours` before cached zone days, kept verbatim as the
 * reference: the fast path must give the same instant to the millisecond.
 */
function referenceRanges(s: WorkSchedule, day: DateTime): readonly MinuteRange[] {
  const weekday = WEEKDAYS[day.weekday - 1] ?? 'mon';
  if (!s.observeHolidays) return s.week[weekday];
  const date = day.toISODate() ?? '';
  if (s.calendar.nonWorking.has(date)) return [];
  const ranges = s.calendar.workingWeekends.has(date) ? s.week.mon : s.week[weekday];
  if (!s.calendar.shortened.has(date) || ranges.length === 0) return ranges;
  const out: MinuteRange[] = [];
  let cut = 60;
  for (let i = ranges.length - 1; i >= 0; i--) {
    const [a, b] = ranges[i] ?? [0, 0];
    const take = Math.min(cut, b - a);
    cut -= take;
    if (b - take > a) out.unshift([a, b - take]);
  }
  return out;
}

function referenceAdd(start: Date, hours: number, s: WorkSchedule): Date {
  let left = Math.round(hours * 60);
  const begin = DateTime.fromJSDate(start, { zone: s.timeZone });
  if (!begin.isValid) throw new RangeError(`invalid time zone ${s.timeZone}`);
  let day = begin.startOf('day');
  let fromMinute = begin.hour * 60 + begin.minute + begin.second / 60;
  for (let i = 0; i < 3 * 366; i++) {
    for (const [a, b] of referenceRanges(s, day)) {
      const from = Math.max(a, fromMinute);
      if (from >= b) continue;
      if (left <= b - from) return day.plus({ milliseconds: Math.round((from + left) * 60_000) }).toJSDate();
      left -= b - from;
    }
    day = day.plus({ days: 1 }).startOf('day');
    fromMinute = 0;
  }
  throw new RangeError('no working time in the schedule');
}

const CAL_FILE = 'config/calendar/ru-sakha-2026-2027.yaml';
const calendar = parseWorkCalendar(CAL_FILE, await readFile(CAL_FILE, 'utf8'));
const week = (r: MinuteRange[], weekend: MinuteRange[] = []): WorkSchedule['week'] => ({
  mon: r,
  tue: r,
  wed: r,
  thu: r,
  fri: r,
  sat: weekend,
  sun: weekend,
});
const office: WorkSchedule = {
  timeZone: 'Asia/Yakutsk',
  week: week([
    [540, 780],
    [840, 1080],
  ]),
  calendar,
  observeHolidays: true,
};
const schedules: [string, WorkSchedule][] = [
  ['Yakutsk office', office],
  ['Yakutsk round the clock', { ...office, week: week([[0, 1440]], [[0, 1440]]), observeHolidays: false }],
  [
    'Yakutsk, short odd intervals',
    {
      ...office,
      week: week(
        [
          [517, 518],
          [601, 1439],
        ],
        [[700, 760]],
      ),
    },
  ],
  ['Berlin office (daylight saving)', { ...office, timeZone: 'Europe/Berlin' }],
  [
    'New York round the clock (daylight saving)',
    { ...office, timeZone: 'America/New_York', week: week([[0, 1440]], [[0, 1440]]) },
  ],
  ['Lord Howe (30-minute daylight saving)', { ...office, timeZone: 'Australia/Lord_Howe' }],
  ['fixed offset UTC+9', { ...office, timeZone: 'UTC+9' }],
];

const FROM = Date.parse('2025-12-31T00:00:00Z');
const TO = Date.parse('2028-01-01T00:00:00Z');
const yak = (local: string): Date => new Date(`${local}+09:00`);

describe('addWorkingHours equals the luxon reference', () => {
  it.each(schedules)('%s: thousands of random instants and durations across 2026–2027', (_name, s) => {
    fc.assert(
      fc.property(
        fc.integer({ min: FROM, max: TO }),
        fc.oneof(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 50, noNaN: true })),
        (t, hours) => {
          const start = new Date(t);
          expect(addWorkingHours(start, hours, s).getTime()).toBe(referenceAdd(start, hours, s).getTime());
        },
      ),
      { numRuns: 3000, seed: 702 },
    );
  });

  // Every day of 2026–2027 at the edges of working time, holidays (1–11 January, 23 February, 8 March,
  // 27 April, 21 June, 27 September, 31 December) and shortened days included.
  const edges = [
    '00:00:00',
    '08:59:59.999',
    '09:00:00',
    '12:59:30',
    '13:00:00',
    '13:59:59',
    '16:59:59.5',
    '17:00',
    '18:00',
    '23:59:59.999',
  ];
  it.each([schedules[0], schedules[2]] as [string, WorkSchedule][])(
    '%s: every day of 2026–2027 at the edges of working time',
    (_name, s) => {
      for (
        let d = Date.parse('2026-01-01T00:00:00Z');
        d < Date.parse('2028-01-01T00:00:00Z');
        d += 86_400_000
      ) {
        const date = new Date(d).toISOString().slice(0, 10);
        for (const time of edges) {
          const start = yak(`${date}T${time}`);
          for (const hours of [0, 1 / 60, 9, 40]) {
            expect(addWorkingHours(start, hours, s).getTime(), `${date} ${time} + ${hours}`).toBe(
              referenceAdd(start, hours, s).getTime(),
            );
          }
        }
      }
    },
  );

  it.each([
    ['Friday before 23 February', '2026-02-20T17:00', 9, '2026-02-24T18:00'],
    ['before 8 March (Sunday → 9 March off)', '2026-03-06T17:00', 9, '2026-03-10T18:00'],
    ['New Year', '2026-12-30T17:00', 2, '2027-01-11T10:00'],
    ['Ысыах 21 June 2027', '2027-06-18T17:30', 1, '2027-06-22T09:30'],
    ['shortened day', '2026-04-30T16:00', 2, '2026-05-04T10:00'],
  ])('%s: %s + %d h → %s', (_what, start, hours, due) => {
    expect(addWorkingHours(yak(start), hours, office).toISOString()).toBe(yak(due).toISOString());
    expect(referenceAdd(yak(start), hours, office).toISOString()).toBe(yak(due).toISOString());
  });

  it('fails like the reference for an invalid time zone', () => {
    const bad = { ...office, timeZone: 'Mars/Olympus' };
    expect(() => addWorkingHours(new Date(FROM), 1, bad)).toThrow('invalid time zone Mars/Olympus');
  });
});

describe('zoneDays', () => {
  it.each([
    ['Asia/Yakutsk', '2026-03-29', true],
    ['Asia/Yakutsk', '2027-10-31', true],
    ['Europe/Berlin', '2026-03-29', false],
    ['Europe/Berlin', '2026-03-31', true],
    ['UTC+9', '2026-03-29', true],
  ])('%s %s is plain: %s', (zone, date, plain) => {
    const days = zoneDays(zone);
    const day = days?.day(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
    expect(day !== undefined).toBe(plain);
    if (day) {
      const luxon = DateTime.fromISO(date, { zone });
      expect([day.isoDate, day.weekday, day.start]).toEqual([date, luxon.weekday, luxon.toMillis()]);
    }
  });

  it.each(['local', 'default', 'Mars/Olympus'])('leaves %s to luxon', (zone) => {
    expect(zoneDays(zone)).toBeUndefined();
  });
});
