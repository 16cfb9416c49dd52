import { z } from 'zod';
import { RuleFileError } from '../rules/rule-file-error.ts';
import { lineOf, parseLocatedYaml, validateLocated } from '../rules/located-yaml.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD (in quotes)')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'not a real date',
  );

const CalendarFileSchema = z
  .object({
    version: z.literal(1),
    description: z.string().optional(),
    /** ISO 3166-2 code of the region the file is for, e.g. RU-SA. */
    region: z.string().min(2).max(20),
    /** Years the file is complete for; outside them only Saturdays and Sundays are days off. */
    years: z.array(z.number().int().min(2000).max(2100)).min(1),
    non_working: z.array(z.object({ date: isoDate, name: z.string().min(2).max(200) }).strict()),
    /** Saturdays or Sundays made working days by a transfer of days off. */
    working_weekends: z
      .array(z.object({ date: isoDate, name: z.string().min(2).max(200) }).strict())
      .default([]),
    /** Pre-holiday working days one hour shorter (Labour Code art. 95). */
    shortened: z.array(isoDate).default([]),
  })
  .strict();

/** Which local dates are days off, working weekends or shortened days. Dates are `YYYY-MM-DD`. */
export interface WorkCalendar {
  readonly region: string;
  readonly years: readonly number[];
  readonly nonWorking: ReadonlyMap<string, string>;
  readonly workingWeekends: ReadonlySet<string>;
  readonly shortened: ReadonlySet<string>;
}

/** A calendar with no holidays: Monday to Friday work, for tests and as a neutral default. */
export const PLAIN_WEEK: WorkCalendar = Object.freeze({
  region: '',
  years: [],
  nonWorking: new Map<string, string>(),
  workingWeekends: new Set<string>(),
  shortened: new Set<string>(),
});

const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/**
 * Parses a production calendar file. Checks that every date lies in the declared years, that a working
 * weekend is a Saturday or Sunday and that no date is both off and working.
 *
 * @throws {RuleFileError} with file, line and field.
 */
export function parseWorkCalendar(file: string, source: string): WorkCalendar {
  const y = parseLocatedYaml(file, source);
  const data = validateLocated(y, CalendarFileSchema);
  const inYears = (d: string) => data.years.includes(Number(d.slice(0, 4)));
  const fail = (path: (string | number)[], msg: string): never => {
    throw new RuleFileError(file, lineOf(y, path), path.join('.').replace(/\.(\d+)/g, '[$1]'), msg);
  };
  const nonWorking = new Map<string, string>();
  data.non_working.forEach((d, i) => {
    if (!inYears(d.date))
      fail(['non_working', i, 'date'], `${d.date} is outside years ${data.years.join(', ')}`);
    if (nonWorking.has(d.date)) fail(['non_working', i, 'date'], `${d.date} is listed twice`);
    nonWorking.set(d.date, d.name);
  });
  const workingWeekends = new Set<string>();
  data.working_weekends.forEach((d, i) => {
    const wd = weekdayOf(d.date);
    if (wd !== 0 && wd !== 6) fail(['working_weekends', i, 'date'], `${d.date} is not a Saturday or Sunday`);
    if (nonWorking.has(d.date)) fail(['working_weekends', i, 'date'], `${d.date} is also a non-working day`);
    workingWeekends.add(d.date);
  });
  const shortened = new Set<string>();
  data.shortened.forEach((d, i) => {
    if (nonWorking.has(d)) fail(['shortened', i], `${d} is a non-working day`);
    shortened.add(d);
  });
  return Object.freeze({ region: data.region, years: data.years, nonWorking, workingWeekends, shortened });
}

/** True when people work on this local date (`YYYY-MM-DD`). */
export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  if (cal.nonWorking.has(date)) return false;
  if (cal.workingWeekends.has(date)) return true;
  const wd = weekdayOf(date);
  return wd !== 0 && wd !== 6;
}
