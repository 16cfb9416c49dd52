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
