import { DateTime } from 'luxon';
import type { WorkCalendar } from './work-calendar.ts';
import { zoneDays } from './zone-days.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A working interval of a day in minutes from local midnight, end exclusive. */
export type MinuteRange = readonly [number, number];

/** When a department works: its time zone, its week and the production calendar. */
export interface WorkSchedule {
  /** IANA zone, e.g. `Asia/Yakutsk` (Neryungri, UTC+9, no DST). */
  readonly timeZone: string;
  readonly week: Readonly<Record<Weekday, readonly MinuteRange[]>>;
  readonly calendar: WorkCalendar;
  /** False for round-the-clock services (ЕДДС): the week table alone decides, holidays included. */
  readonly observeHolidays: boolean;
}

/** Longest search for working time, so a schedule with no working hours cannot loop forever. */
const MAX_DAYS = 3 * 366;

/** Parses `09:00-13:00` into minutes; `null` when malformed. */
export function parseMinuteRange(s: string): MinuteRange | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(s.trim());
  if (!m) return null;
  const a = Number(m[1]) * 60 + Number(m[2]);
  const b = Number(m[3]) * 60 + Number(m[4]);
  return b > a && b <= 24 * 60 ? [a, b] : null;
}

/**
 * The working intervals of one local day (`YYYY-MM-DD`, weekday 1 = Monday … 7 = Sunday), after
 * holidays, transfers and shortened days.
 */
export function workingRanges(s: WorkSchedule, date: string, isoWeekday: number): readonly MinuteRange[] {
  const weekday = WEEKDAYS[isoWeekday - 1] ?? 'mon';
  if (!s.observeHolidays) return s.week[weekday];
  if (s.calendar.nonWorking.has(date)) return [];
  // A weekend made working by a transfer is worked like an ordinary Monday.
  const ranges = s.calendar.workingWeekends.has(date) ? s.week.mon : s.week[weekday];
  if (!s.calendar.shortened.has(date) || ranges.length === 0) return ranges;
  // Labour Code art. 95: the day before a holiday is one hour shorter, taken off the end of the day.
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

function local(s: WorkSchedule, t: Date): DateTime {
  const dt = DateTime.fromJSDate(t, { zone: s.timeZone });
  if (!dt.isValid) throw new RangeError(`invalid time zone ${s.timeZone}`);
  return dt;
}

/**
 * The moment `hours` working hours after `start`, counting only the schedule's working intervals
 * in its time zone and skipping weekends, holidays and the lost hour of shortened days. A start
 * outside working time counts from the next working minute. Pure.
 *
 * @example
 * // Friday 17:00 Yakutsk, 9 working hours, Mon–Fri 09–13 & 14–18 → Monday 17:00 Yakutsk
 * addWorkingHours(new Date('2026-03-13T08:00:00Z'), 9, schedule) // 2026-03-16T08:00:00Z
 * @throws {RangeError} when the schedule has no working time within three years.
 */
export function addWorkingHours(start: Date, hours: number, s: WorkSchedule): Date {
  let left = Math.round(hours * 60);
  let { day, minute: fromMinute } = localDayAt(s, start.getTime());
  for (let i = 0; i < MAX_DAYS; i++) {
    for (const [a, b] of workingRanges(s, day.isoDate, day.weekday)) {
      const from = Math.max(a, fromMinute);
      if (from >= b) continue;
      if (left <= b - from) return new Date(day.start + Math.round((from + left) * 60_000));
      left -= b - from;
    }
    // Every local day lasts 23 to 25 hours, so 30 hours after its midnight is inside the next one.
    day = localDayAt(s, day.start + 30 * 3_600_000).day;
    fromMinute = 0;
  }
  throw new RangeError('no working time in the schedule');
}

/** A local day as the deadline arithmetic needs it. */
interface WorkDay {
  /** The instant of local midnight, ms since the epoch. */
  readonly start: number;
  /** `YYYY-MM-DD`. */
  readonly isoDate: string;
  /** 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
}

/**
 * The local day of the instant `t` and its wall-clock minute (seconds as a fraction). Every appeal
 * needs two deadlines, and luxon's zone look-ups per day were most of their cost: on days with one
 * UTC offset (all of them in Yakutsk) the cached days of `zoneDays` answer, and luxon only for a day
 * around a change of the zone's offset.
 */
function localDayAt(s: WorkSchedule, t: number): { day: WorkDay; minute: number } {
  const plain = zoneDays(s.timeZone)?.dayAt(t);
  if (plain) {
    // Whole seconds, and the same expression as with luxon's hour/minute/second, so the sums round alike.
    const second = Math.floor((t - plain.start) / 1000);
    return {
      day: plain,
      minute: Math.floor(second / 3600) * 60 + (Math.floor(second / 60) % 60) + (second % 60) / 60,
    };
  }
  const at = local(s, new Date(t));
  const midnight = at.startOf('day');
  return {
    day: { start: midnight.toMillis(), isoDate: midnight.toISODate() ?? '', weekday: midnight.weekday },
    minute: at.hour * 60 + at.minute + at.second / 60,
  };
}

/** Working minutes between two moments (0 when `end` is not after `start`). Pure. */
export function workingMinutesBetween(start: Date, end: Date, s: WorkSchedule): number {
  if (end <= start) return 0;
  const b0 = local(s, start);
  const e = local(s, end);
  let day = b0.startOf('day');
  let total = 0;
  for (let i = 0; i < MAX_DAYS && day <= e; i++) {
    const isFirst = day.hasSame(b0, 'day');
    const isLast = day.hasSame(e, 'day');
    const lo = isFirst ? b0.hour * 60 + b0.minute + b0.second / 60 : 0;
    const hi = isLast ? e.hour * 60 + e.minute + e.second / 60 : 24 * 60;
    for (const [a, b] of workingRanges(s, day.toISODate() ?? '', day.weekday))
      total += Math.max(0, Math.min(b, hi) - Math.max(a, lo));
    day = day.plus({ days: 1 }).startOf('day');
  }
  return Math.round(total);
}
