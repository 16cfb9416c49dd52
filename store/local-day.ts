import { DateTime } from 'luxon';

/**
 * The calendar day (`YYYY-MM-DD`) of an instant in a time zone: kept comments are counted per day
 * of the district's clock (Neryungri: Asia/Yakutsk, UTC+9), not of UTC.
 *
 * @example localDay(new Date('2026-03-01T16:00:00Z'), 'Asia/Yakutsk') === '2026-03-02'
 */
export function localDay(at: Date, zone: string): string {
  // Every decision asks, and luxon's zone arithmetic was a few per cent of the daemon's CPU. A zone's
  // day can only change on a quarter hour (all UTC offsets are multiples of 15 minutes), so the
  // answer for the last quarter hour asked about is remembered.
  const bucket = Math.floor(at.getTime() / QUARTER_HOUR_MS);
  const last = lastDay.get(zone);
  if (last?.bucket === bucket) return last.day;
  const day = DateTime.fromJSDate(at, { zone }).toISODate() ?? at.toISOString().slice(0, 10);
  lastDay.set(zone, { bucket, day });
  return day;
}

const QUARTER_HOUR_MS = 15 * 60_000;
const lastDay = new Map<string, { bucket: number; day: string }>();

/** Whether luxon knows the IANA zone name. */
export function isValidZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/**
 * The UTC instants that bound a range of whole local days, `from` and `to` inclusive:
 * `[start of from, start of the day after to)`.
 *
 * @example dayRangeUtc('2026-03-02', '2026-03-08', 'Asia/Yakutsk')
 *   // { start: '2026-03-01T15:00:00.000Z', end: '2026-03-08T15:00:00.000Z' }
 */
export function dayRangeUtc(from: string, to: string, zone: string): { start: string; end: string } {
  const s = DateTime.fromISO(from, { zone }).startOf('day');
  const e = DateTime.fromISO(to, { zone }).startOf('day').plus({ days: 1 });
  if (!s.isValid || !e.isValid) throw new RangeError(`invalid day range ${from} … ${to} in ${zone}`);
  return { start: s.toUTC().toISO() ?? '', end: e.toUTC().toISO() ?? '' };
}
