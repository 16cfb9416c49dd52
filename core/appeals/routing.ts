import { DateTime } from 'luxon';
import { z } from 'zod';
import { RuleFileError } from '../rules/rule-file-error.ts';
import { lineOf, parseLocatedYaml, validateLocated } from '../rules/located-yaml.ts';
import type { WorkCalendar } from './work-calendar.ts';
import {
  parseMinuteRange,
  WEEKDAYS,
  type MinuteRange,
  type Weekday,
  type WorkSchedule,
} from './working-time.ts';

const chatId = z.string().regex(/^-?\d+$/, 'a numeric Telegram chat id, in quotes');
const userId = z.string().regex(/^\d+$/, 'a numeric Telegram user id, in quotes');
const range = z.string().refine((s) => parseMinuteRange(s) !== null, 'a time range like 09:00-13:00');
const zone = z
  .string()
  .refine((z) => DateTime.local().setZone(z).isValid, 'an IANA time zone, e.g. Asia/Yakutsk');
const hours = z
  .number()
  .positive()
  .max(24 * 30);
const week = z
  .object(
    Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(range).default([])])) as Record<
      Weekday,
      z.ZodDefault<z.ZodArray<typeof range>>
    >,
  )
  .strict();

const person = z.object({ name: z.string().min(2).max(200), telegram_id: userId }).strict();

const scheduleFields = {
  time_zone: zone.optional(),
  working_hours: week.optional(),
  /** Working hours the department has for a first answer (clause 3; 9 unless said otherwise). */
  first_answer_hours: hours.optional(),
  /** Working hours before the deadline when the department's chat is reminded. */
  remind_before_hours: z
    .number()
    .min(0)
    .max(24 * 30)
    .optional(),
  /** False for round-the-clock services: holidays of the production calendar do not stop the clock. */
  observe_holidays: z.boolean().default(true),
};

const RoutingFileSchema = z
  .object({
    version: z.literal(1),
    description: z.string().optional(),
    defaults: z
      .object({
        time_zone: zone.default('Asia/Yakutsk'),
        working_hours: week.default({
          mon: ['09:00-13:00', '14:00-18:00'],
          tue: ['09:00-13:00', '14:00-18:00'],
          wed: ['09:00-13:00', '14:00-18:00'],
          thu: ['09:00-13:00', '14:00-18:00'],
          fri: ['09:00-13:00', '14:00-18:00'],
          sat: [],
          sun: [],
        }),
        first_answer_hours: hours.default(9),
        remind_before_hours: z
          .number()
          .min(0)
          .max(24 * 30)
          .default(2),
      })
      .strict()
      .prefault({}),
    departments: z
      .array(
        z
          .object({
            id: z
              .string()
              .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'lower-case latin letters, digits, ".", "_" or "-"'),
            /** Russian name on the appeal card. */
            name: z.string().min(2).max(200),
            chat_id: chatId,
            people: z.array(person).default([]),
            supervisor: person.extend({ chat_id: chatId.optional() }).strict(),
            ...scheduleFields,
          })
          .strict(),
      )
      .min(1),
    routes: z
      .array(
        z
          .object({
            topic: z.string().min(1),
            /** Only for these accounts (ids of accounts.yaml); all accounts when absent. */
            accounts: z.array(z.string().min(1)).min(1).optional(),
            department: z.string().min(1),
          })
          .strict(),
      )
      .default([]),
    /** Department for topics no route names. */
    fallback_department: z.string().min(1),
  })
  .strict();

export interface Person {
  readonly name: string;
  readonly telegramId: string;
}

/** A department that answers appeals, with everything its deadline and escalation need. */
export interface Department {
  readonly id: string;
  readonly name: string;
  readonly chatId: string;
  readonly people: readonly Person[];
  readonly supervisor: Person & { readonly chatId?: string };
  readonly schedule: WorkSchedule;
  readonly firstAnswerHours: number;
  readonly remindBeforeHours: number;
}

interface Route {
  readonly topic: string;
  readonly accounts?: readonly string[];
  readonly department: string;
}

/** The compiled routing file. */
export interface AppealRouting {
  readonly departments: ReadonlyMap<string, Department>;
  readonly routes: readonly Route[];
  readonly fallback: string;
}

function toWeek(w: Record<Weekday, string[]>): Record<Weekday, MinuteRange[]> {
  return Object.fromEntries(
    WEEKDAYS.map((d) => [d, w[d].map((r) => parseMinuteRange(r) as MinuteRange).sort((a, b) => a[0] - b[0])]),
  ) as Record<Weekday, MinuteRange[]>;
}

/**
 * Parses the routing file: topic (and optionally account) → department. Checks that every department a
 * route or the fallback names exists, that route topics are topics of the topics file, and that a
 * department's working intervals do not overlap. Pure.
 *
 * @throws {RuleFileError} with file, line and field.
 */
export function parseAppealRouting(
  file: string,
  source: string,
  calendar: WorkCalendar,
  knownTopics: readonly string[],
): AppealRouting {
  const y = parseLocatedYaml(file, source);
  const data = validateLocated(y, RoutingFileSchema);
  const departments = new Map<string, Department>();
  data.departments.forEach((d, i) => {
    if (departments.has(d.id))
      throw new RuleFileError(
        file,
        lineOf(y, ['departments', i, 'id']),
        `departments[${i}].id`,
        `duplicate department "${d.id}"`,
      );
    const week = toWeek(d.working_hours ?? data.defaults.working_hours);
    for (const day of WEEKDAYS) {
      const rs = week[day];
      for (let k = 1; k < rs.length; k++) {
        if ((rs[k]?.[0] ?? 0) < (rs[k - 1]?.[1] ?? 0))
          throw new RuleFileError(
            file,
            lineOf(y, ['departments', i, 'working_hours', day]),
            `departments[${i}].working_hours.${day}`,
            'working intervals overlap',
          );
      }
    }
    if (WEEKDAYS.every((day) => week[day].length === 0))
      throw new RuleFileError(
        file,
        lineOf(y, ['departments', i]),
        `departments[${i}].working_hours`,
        'no working hours at all',
      );
    departments.set(
      d.id,
      Object.freeze({
        id: d.id,
        name: d.name,
        chatId: d.chat_id,
        people: d.people.map((p) => ({ name: p.name, telegramId: p.telegram_id })),
        supervisor: {
          name: d.supervisor.name,
          telegramId: d.supervisor.telegram_id,
          chatId: d.supervisor.chat_id,
        },
        schedule: {
          timeZone: d.time_zone ?? data.defaults.time_zone,
          week,
          calendar,
          observeHolidays: d.observe_holidays,
        },
        firstAnswerHours: d.first_answer_hours ?? data.defaults.first_answer_hours,
        remindBeforeHours: d.remind_before_hours ?? data.defaults.remind_before_hours,
      }),
    );
  });
  data.routes.forEach((r, i) => {
    if (!departments.has(r.department))
      throw new RuleFileError(
        file,
        lineOf(y, ['routes', i, 'department']),
        `routes[${i}].department`,
        `unknown department "${r.department}"`,
      );
    if (!knownTopics.includes(r.topic))
      throw new RuleFileError(
        file,
        lineOf(y, ['routes', i, 'topic']),
        `routes[${i}].topic`,
        `unknown topic "${r.topic}"; topics: ${knownTopics.join(', ')}`,
      );
  });
  if (!departments.has(data.fallback_department))
    throw new RuleFileError(
      file,
      lineOf(y, ['fallback_department']),
      'fallback_department',
      `unknown department "${data.fallback_department}"`,
    );
  return Object.freeze({ departments, routes: data.routes, fallback: data.fallback_department });
}

/**
 * The department responsible for a topic on an account: a route naming the account wins over a route
 * for all accounts; no route → the fallback department. Pure.
 */
export function routeAppeal(r: AppealRouting, topic: string, accountId: string): Department {
  const specific = r.routes.find((x) => x.topic === topic && x.accounts?.includes(accountId));
  const general = r.routes.find((x) => x.topic === topic && x.accounts === undefined);
  const id = specific?.department ?? general?.department ?? r.fallback;
  const dep = r.departments.get(id) ?? r.departments.get(r.fallback);
  if (!dep) throw new Error(`routing has no department "${id}"`);
  return dep;
}

/** Finds a department by id (for «Передать»). */
export function departmentById(r: AppealRouting, id: string): Department | undefined {
  return r.departments.get(id);
}
