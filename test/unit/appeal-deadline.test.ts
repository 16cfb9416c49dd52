import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { isWorkingDay, parseWorkCalendar, PLAIN_WEEK } from '../../core/appeals/work-calendar.ts';
import {
  addWorkingHours,
  parseMinuteRange,
  workingMinutesBetween,
  type MinuteRange,
  type WorkSchedule,
} from '../../core/appeals/working-time.ts';
import { RuleFileError } from '../../core/rules/rule-file-error.ts';

const CAL_FILE = 'config/calendar/ru-sakha-2026-2027.yaml';
const calendar = parseWorkCalendar(CAL_FILE, await readFile(CAL_FILE, 'utf8'));
const day: MinuteRange[] = [
  [9 * 60, 13 * 60],
  [14 * 60, 18 * 60],
];
const office: WorkSchedule = {
  timeZone: 'Asia/Yakutsk',
  week: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] },
  calendar,
  observeHolidays: true,
};
const allDay: MinuteRange[] = [[0, 24 * 60]];
const roundTheClock: WorkSchedule = {
  ...office,
  week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  observeHolidays: false,
};
/** Yakutsk local time (UTC+9, no DST) → Date. */
const yak = (local: string): Date => new Date(`${local}+09:00`);

describe('first-answer deadline in working hours (Neryungri office, Mon–Fri 09–13 and 14–18)', () => {
  it.each([
    ['within one day', '2026-03-11T09:00', 4, '2026-03-11T13:00'],
    ['lunch break is skipped', '2026-03-11T12:00', 2, '2026-03-11T15:00'],
    ['9 h roll over to the next day', '2026-03-11T09:00', 9, '2026-03-12T10:00'],
    ['a comment at night counts from 09:00', '2026-03-11T23:30', 1, '2026-03-12T10:00'],
    ['across a weekend', '2026-03-13T17:00', 9, '2026-03-16T18:00'],
    ['across a weekend and a holiday (23 February, Monday)', '2026-02-20T17:00', 9, '2026-02-24T18:00'],
    ['across the transferred day off 9 March', '2026-03-06T17:00', 9, '2026-03-10T18:00'],
    ['New Year holidays (1–11 January 2026)', '2026-01-05T10:00', 1, '2026-01-12T10:00'],
    ['31 December 2026 is a day off (moved from 4 January)', '2026-12-30T17:00', 2, '2027-01-11T10:00'],
    ['Republic Day 27 April (Monday) is a day off in Yakutia', '2026-04-24T17:00', 2, '2026-04-28T10:00'],
    ['shortened pre-holiday day (30 April ends at 17:00)', '2026-04-30T16:00', 2, '2026-05-04T10:00'],
  ])('%s: %s + %i h → %s', (_what, start, hours, due) => {
    expect(addWorkingHours(yak(start), hours, office).toISOString()).toBe(yak(due).toISOString());
  });

  it('a round-the-clock service (ЕДДС) ignores weekends and holidays', () => {
    expect(addWorkingHours(yak('2026-01-01T22:00'), 4, roundTheClock).toISOString()).toBe(
      yak('2026-01-02T02:00').toISOString(),
    );
  });

  it('another time zone keeps its own working day', () => {
    const moscow: WorkSchedule = { ...office, timeZone: 'Europe/Moscow', calendar: PLAIN_WEEK };
    // 17:00 Yakutsk = 11:00 Moscow: 2 h of the Moscow morning left before lunch.
    expect(addWorkingHours(yak('2026-03-11T17:00'), 2, moscow).toISOString()).toBe(
      new Date('2026-03-11T13:00:00+03:00').toISOString(),
    );
  });

  it('counts working minutes between two moments (for time-to-answer reports)', () => {
    expect(workingMinutesBetween(yak('2026-02-20T17:00'), yak('2026-02-24T18:00'), office)).toBe(9 * 60);
    expect(workingMinutesBetween(yak('2026-03-11T12:30'), yak('2026-03-11T14:30'), office)).toBe(60);
    expect(workingMinutesBetween(yak('2026-03-11T12:30'), yak('2026-03-11T12:00'), office)).toBe(0);
  });

  it('refuses a schedule with no working time instead of looping', () => {
    const never: WorkSchedule = {
      ...office,
      week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    };
    expect(() => addWorkingHours(yak('2026-03-11T09:00'), 1, never)).toThrow(RangeError);
  });

  it.each([
    ['09:00-13:00', [540, 780]],
    ['00:00-24:00', [0, 1440]],
    ['13:00-09:00', null],
    ['9-13', null],
  ])('parses the time range %s', (s, want) => {
    expect(parseMinuteRange(s)).toEqual(want);
  });
});

describe('production calendar RU + Sakha 2026–2027', () => {
  it('has 246 working days in 2026 in Yakutia (247 federal, minus Republic Day on a Monday)', () => {
    let n = 0;
    for (
      let d = new Date('2026-01-01T00:00:00Z');
      d.getUTCFullYear() === 2026;
      d.setUTCDate(d.getUTCDate() + 1)
    )
      if (isWorkingDay(calendar, d.toISOString().slice(0, 10))) n++;
    expect(n).toBe(246);
  });

  it.each([
    ['2026-01-09', false],
    ['2026-03-09', false],
    ['2026-05-11', false],
    ['2026-06-22', true],
    ['2026-09-28', true],
    ['2027-04-27', false],
    ['2027-06-14', false],
    ['2027-06-21', false],
    ['2027-09-27', false],
    ['2026-11-03', true],
  ])('%s working: %s', (date, working) => {
    expect(isWorkingDay(calendar, date)).toBe(working);
  });

  it.each([
    ['calendar-not-weekend.yaml', 7, 'working_weekends[0].date', /not a Saturday or Sunday/],
    ['calendar-outside-years.yaml', 6, 'non_working[1].date', /outside years/],
  ])('%s is refused at line %i (%s)', async (name, line, field, problem) => {
    const file = `fixtures/appeal-files/${name}`;
    let caught: unknown;
    try {
      parseWorkCalendar(file, await readFile(file, 'utf8'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RuleFileError);
    expect({ line: (caught as RuleFileError).line, field: (caught as RuleFileError).field }).toEqual({
      line,
      field,
    });
    expect((caught as RuleFileError).problem).toMatch(problem);
  });
});
