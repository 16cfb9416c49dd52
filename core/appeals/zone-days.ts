import { Info, type Zone } from 'luxon';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Far enough on both sides of midnight that no other instant of the zone can read the same wall time. */
const SAMPLE_HOURS = 26;
/** Day records kept per zone: a few years of dates, so that a stream of odd instants cannot grow it forever. */
const CACHE_LIMIT = 4096;

/** A local calendar day on which the zone's UTC offset does not change, as luxon sees it. */
export interface PlainDay {
  /** The local date as days since 1970-01-01. */
  readonly dayNumber: number;
  /** `YYYY-MM-DD`. */
  readonly isoDate: string;
  /** 1 = Monday … 7 = Sunday (luxon's numbering). */
  readonly weekday: number;
  /** The instant of local midnight, ms since the epoch. */
  readonly start: number;
}

/**
 * The local days of one time zone, each worked out once with luxon and then reused.
 *
 * Why: asking luxon (Intl) for a zone's offset costs microseconds, and deadline computation asked
 * several times per appeal although the offset of a zone like Asia/Yakutsk has not changed since 2014.
 * Only days with one offset all around them are "plain": there the wall clock is midnight plus the
 * elapsed time, exactly as luxon computes it. A day near an offset change (daylight saving) is not
 * plain, and callers go back to luxon for it.
 */
export class ZoneDays {
  readonly #zone: Zone;
  readonly #days = new Map<number, PlainDay | null>();
  /** The offset (ms) of the last plain day: the first guess for the next instant's local date. */
  #hintMs = 0;

  constructor(zone: Zone) {
    this.#zone = zone;
  }

  /** The plain day the instant `t` (ms) falls on, or `undefined` when that day is not plain. */
  dayAt(t: number): PlainDay | undefined {
    if (!Number.isFinite(t)) return undefined;
    const guess = this.day(Math.floor((t + this.#hintMs) / DAY_MS));
    if (guess && guess.start <= t && t < guess.start + DAY_MS) return guess;
    const offset = this.#zone.offset(t);
    if (!Number.isInteger(offset)) return undefined;
    const day = this.day(Math.floor((t + offset * MINUTE_MS) / DAY_MS));
    return day && day.start <= t && t < day.start + DAY_MS ? day : undefined;
  }

  /** The local date `dayNumber` (days since 1970-01-01) if it is plain. */
  day(dayNumber: number): PlainDay | undefined {
    let day = this.#days.get(dayNumber);
    if (day === undefined) {
      day = this.#plainDay(dayNumber);
      if (this.#days.size >= CACHE_LIMIT) this.#days.clear();
      this.#days.set(dayNumber, day);
    }
    if (day) this.#hintMs = dayNumber * DAY_MS - day.start;
    return day ?? undefined;
  }

  #plainDay(dayNumber: number): PlainDay | null {
    const utcMidnight = dayNumber * DAY_MS;
    const date = new Date(utcMidnight);
    const year = date.getUTCFullYear();
    // toISOString writes other years differently from luxon's toISODate; they are not worth a fast path.
    if (!(year >= 1900 && year <= 9999)) return null;
    const offset = this.#zone.offset(utcMidnight);
    if (!Number.isInteger(offset)) return null;
    const start = utcMidnight - offset * MINUTE_MS;
    // Zones never change their offset twice within an hour: equal hourly samples mean one offset throughout.
    for (let h = -SAMPLE_HOURS; h <= 24 + SAMPLE_HOURS; h++) {
      if (this.#zone.offset(start + h * HOUR_MS) !== offset) return null;
    }
    return Object.freeze({
      dayNumber,
      isoDate: date.toISOString().slice(0, 10),
      weekday: ((date.getUTCDay() + 6) % 7) + 1,
      start,
    });
  }
}

const byZone = new Map<string, ZoneDays>();

/**
 * The shared `ZoneDays` of an IANA zone name or fixed offset (`UTC+9`), or `undefined` for names whose
 * meaning can change at run time (`local`, `default`) and invalid names: those always go through luxon.
 */
export function zoneDays(timeZone: string): ZoneDays | undefined {
  const known = byZone.get(timeZone);
  if (known) return known;
  const lowered = timeZone.toLowerCase();
  if (lowered === 'default' || lowered === 'local' || lowered === 'system') return undefined;
  const zone = Info.normalizeZone(timeZone);
  if (!zone.isValid || (zone.type !== 'iana' && zone.type !== 'fixed')) return undefined;
  const days = new ZoneDays(zone);
  byZone.set(timeZone, days);
  return days;
}
