import { DateTime } from 'luxon';

export interface IsoWeek {
  /** `2026-W10` */
  readonly week: string;
  readonly monday: string;
  /** The day range covers the whole week. */
  readonly complete: boolean;
}

/**
 * The ISO weeks (Monday to Sunday) that overlap the local days `from`..`to` (inclusive).
 *
 * @example isoWeeks('2026-03-04', '2026-03-15').map((w) => w.week) // ['2026-W10', '2026-W11']
 */
export function isoWeeks(from: string, to: string): IsoWeek[] {
  const start = DateTime.fromISO(from, { zone: 'UTC' });
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  const out: IsoWeek[] = [];
  for (let m = start.startOf('week'); m <= end; m = m.plus({ weeks: 1 })) {
    const sunday = m.plus({ days: 6 });
    out.push({
      week: `${m.weekYear}-W${String(m.weekNumber).padStart(2, '0')}`,
      monday: m.toISODate() ?? '',
      complete: m >= start && sunday <= end,
    });
  }
  return out;
}

/** The ISO week (`2026-W10`) of an instant, on the calendar of `zone`. */
export function isoWeekOf(at: string, zone: string): string {
  const d = DateTime.fromISO(at, { zone: 'UTC' }).setZone(zone);
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}

/**
 * The UTC instants `[start, end)` of each ISO week of the local days `from`..`to`, cut to the
 * period (a week the period covers in part is asked about only for its days in the period).
 *
 * @example weekRangesUtc('2026-03-04', '2026-03-08', 'Asia/Yakutsk')
 *   // [{ week: '2026-W10', start: '2026-03-03T15:00:00.000Z', end: '2026-03-08T15:00:00.000Z' }]
 */
export function weekRangesUtc(
  from: string,
  to: string,
  zone: string,
): { week: string; start: string; end: string }[] {
  return isoWeeks(from, to).map((w) => {
    const sunday = DateTime.fromISO(w.monday, { zone: 'UTC' }).plus({ days: 6 }).toISODate() ?? w.monday;
    const a = w.monday < from ? from : w.monday;
    const b = sunday > to ? to : sunday;
    const s = DateTime.fromISO(a, { zone }).startOf('day');
    const e = DateTime.fromISO(b, { zone }).startOf('day').plus({ days: 1 });
    return { week: w.week, start: s.toUTC().toISO() ?? '', end: e.toUTC().toISO() ?? '' };
  });
}
