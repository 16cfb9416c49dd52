import { workingMinutesBetween, type WorkSchedule } from '../../core/appeals/working-time.ts';
import type { AppealRouting } from '../../core/appeals/routing.ts';
import { quantile } from './quantile.ts';
import type { AppealCounts, AppealCountsBy, AppealsReport, OverdueAppeal } from './report-model.ts';

/** One appeal as stored in the audit log (latest known state). */
export interface AppealFact {
  readonly id: string;
  readonly accountId: string;
  readonly topic: string;
  readonly topicName: string;
  /** Responsible department now. */
  readonly department: string;
  /** The department whose working hours set the deadline. */
  readonly firstDepartment: string;
  readonly state: string;
  readonly commentedAt: string;
  readonly openedAt: string;
  readonly dueAt: string;
  readonly answeredAt: string | null;
  readonly closedAt: string | null;
  readonly permalink: string | null;
  readonly text: string | null;
}

/** Departments' names and working hours from the routing file, to count time as the deadline does. */
export interface AppealHours {
  readonly departments: ReadonlyMap<string, { readonly name: string; readonly schedule: WorkSchedule }>;
  /** For a department no longer in the routing file (the fallback department's hours). */
  readonly fallback: WorkSchedule;
}

export interface AppealInputs {
  /** Appeals registered in the period, and older ones still waiting past their deadline at its end. */
  readonly appeals: readonly AppealFact[];
  /** Undefined when the routing or calendar file could not be read. */
  readonly hours: AppealHours | undefined;
}

type StatusAtEnd = 'answered' | 'not_appeal' | 'waiting' | 'overdue';

/** Where an appeal stood at `end` (ISO instant): later answers and closures are not yet known then. */
export function statusAt(a: AppealFact, end: string): StatusAtEnd {
  if (a.answeredAt !== null && a.answeredAt < end) return 'answered';
  if (a.state === 'not_an_appeal' && a.closedAt !== null && a.closedAt < end) return 'not_appeal';
  return a.dueAt < end ? 'overdue' : 'waiting';
}

const minutes = (h: AppealHours | undefined, dept: string, from: string, to: string): number | null => {
  if (!h) return null;
  const schedule = h.departments.get(dept)?.schedule ?? h.fallback;
  return workingMinutesBetween(new Date(from), new Date(to), schedule);
};

function counts(list: readonly AppealFact[], end: string, hours: AppealHours | undefined): AppealCounts {
  let notAppeal = 0;
  let answered = 0;
  let answeredInTime = 0;
  let waiting = 0;
  let overdue = 0;
  const times: number[] = [];
  for (const a of list) {
    const s = statusAt(a, end);
    if (s === 'not_appeal') notAppeal++;
    else if (s === 'waiting') waiting++;
    else if (s === 'overdue') overdue++;
    else {
      answered++;
      if ((a.answeredAt ?? '') <= a.dueAt) answeredInTime++;
      const m = minutes(hours, a.firstDepartment, a.commentedAt, a.answeredAt ?? a.commentedAt);
      if (m !== null) times.push(m);
    }
  }
  const judged = answered + overdue;
  return {
    registered: list.length,
    notAppeal,
    answered,
    answeredInTime,
    waiting,
    overdue,
    shareInTime: judged === 0 ? null : answeredInTime / judged,
    firstAnswer: { answers: times.length, medianMin: quantile(times, 0.5), p95Min: quantile(times, 0.95) },
  };
}

function groupBy(
  list: readonly AppealFact[],
  key: (a: AppealFact) => string,
  name: (a: AppealFact) => string,
  end: string,
  hours: AppealHours | undefined,
): AppealCountsBy[] {
  const groups = new Map<string, AppealFact[]>();
  for (const a of list) groups.set(key(a), [...(groups.get(key(a)) ?? []), a]);
  return [...groups.entries()]
    .map(([k, items]) => ({ key: k, name: name(items[0] as AppealFact), counts: counts(items, end, hours) }))
    .sort((a, b) => b.counts.registered - a.counts.registered || a.name.localeCompare(b.name, 'ru'));
}

/**
 * The appeals report for the UTC range `[start, end)`: appeals registered in it per topic and
 * department, the share answered within the deadline, the time to the first answer in working hours
 * (the deadline's own calendar), and every appeal waiting past its deadline at `end`. Pure.
 */
export function buildAppeals(i: AppealInputs, range: { start: string; end: string }): AppealsReport {
  const { end } = range;
  const registered = i.appeals.filter((a) => a.openedAt >= range.start && a.openedAt < end);
  const deptName = (id: string) => i.hours?.departments.get(id)?.name ?? id;
  const overdue: OverdueAppeal[] = i.appeals
    .filter((a) => a.openedAt < end && statusAt(a, end) === 'overdue')
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id))
    .map((a) => ({
      id: a.id,
      accountId: a.accountId,
      topicName: a.topicName,
      department: a.department,
      departmentName: deptName(a.department),
      state: a.state,
      commentedAt: a.commentedAt,
      dueAt: a.dueAt,
      overdueMin: minutes(i.hours, a.firstDepartment, a.dueAt, end),
      permalink: a.permalink,
      text: a.text,
    }));
  return {
    total: counts(registered, end, i.hours),
    byTopic: groupBy(
      registered,
      (a) => a.topic,
      (a) => a.topicName,
      end,
      i.hours,
    ),
    byDepartment: groupBy(
      registered,
      (a) => a.department,
      (a) => deptName(a.department),
      end,
      i.hours,
    ),
    overdue,
    workingHoursKnown: i.hours !== undefined,
  };
}

/** Names and working hours of the routing file's departments, for {@link buildAppeals}. */
export function appealHoursOf(routing: AppealRouting): AppealHours | undefined {
  const fallback = routing.departments.get(routing.fallback);
  if (!fallback) return undefined;
  return {
    departments: new Map(
      [...routing.departments.values()].map((d) => [d.id, { name: d.name, schedule: d.schedule }]),
    ),
    fallback: fallback.schedule,
  };
}
