import { sql, type Kysely } from 'kysely';
import type { Account } from '../../config/accounts.ts';
import type { PrecisionLimits, RuleDecisionStats } from '../../core/rules/rule-precision.ts';
import { dayRangeUtc } from '../local-day.ts';
import type { AuditDatabase } from '../schema.ts';
import type { AppealFact, AppealHours } from './build-appeals.ts';
import type { ReportInputs } from './build-report.ts';

type Db = Kysely<AuditDatabase>;

/** UTC bounds `[start, end)` of a report period. */
export interface UtcRange {
  readonly start: string;
  readonly end: string;
}

/**
 * Moderators' decisions per rule on comments decided in `range`: how many comments the rule flagged
 * (hit with `delete` or `review`) were removed or kept by a person.
 */
export async function ruleDecisionStats(db: Db, range: UtcRange): Promise<RuleDecisionStats[]> {
  const rows = await db
    .selectFrom('audit_rule_result as r')
    .innerJoin('audit_comment as c', 'c.key', 'r.comment_key')
    .select([
      'r.rule_id',
      'r.category',
      // A demoted rule's later hits say `review`; `delete` sorts first, so the rule's own action wins.
      (eb) => eb.fn.min('r.action').as('action'),
      (eb) => eb.fn.countAll().as('decided'),
      sql<number>`sum(case when c.review_decision = 'keep' then 1 else 0 end)`.as('kept'),
    ])
    .where('r.hit', '=', 1)
    .where('r.action', 'in', ['delete', 'review'])
    .where('c.review_decision', 'is not', null)
    .where('c.decided_at', '>=', range.start)
    .where('c.decided_at', '<', range.end)
    .groupBy(['r.rule_id', 'r.category'])
    .execute();
  return rows.map((r) => {
    const decided = Number(r.decided);
    const kept = Number(r.kept);
    return {
      ruleId: r.rule_id,
      category: r.category,
      action: String(r.action),
      decided,
      kept,
      deleted: decided - kept,
    };
  });
}

/**
 * Appeals the report needs for `range`: those registered in it, and older ones that were still
 * waiting past their deadline at its end (not answered nor closed before it).
 */
export async function readAppealFacts(db: Db, range: UtcRange): Promise<AppealFact[]> {
  const rows = await db
    .selectFrom('audit_appeal')
    .selectAll()
    .where('opened_at', '<', range.end)
    .where((eb) =>
      eb.or([
        eb('opened_at', '>=', range.start),
        eb.and([
          eb('due_at', '<', range.end),
          eb.or([eb('answered_at', 'is', null), eb('answered_at', '>=', range.end)]),
          eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', range.end)]),
        ]),
      ]),
    )
    .orderBy('opened_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    topic: r.topic,
    topicName: r.topic_name,
    department: r.department,
    firstDepartment: r.first_department,
    state: r.state,
    commentedAt: r.commented_at,
    openedAt: r.opened_at,
    dueAt: r.due_at,
    answeredAt: r.answered_at,
    closedAt: r.closed_at,
    permalink: r.permalink,
    text: r.text,
  }));
}

export interface ReportQuery {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly accounts: readonly Account[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly limits: PrecisionLimits;
  readonly generatedAt: Date;
  /** Departments' working hours (routing + calendar files); undefined when they could not be read. */
  readonly appealHours?: AppealHours;
}

/** Reads everything the three reports need for the local days `from`..`to` (inclusive). */
export async function readReportInputs(db: Db, q: ReportQuery): Promise<ReportInputs> {
  const range = dayRangeUtc(q.from, q.to, q.timeZone);
  const [audited, kept, lastAudited, lastKept, reviewed, ruleStats, posts, failed, appeals, inbound] =
    await Promise.all([
      db
        .selectFrom('audit_comment')
        .select(['platform', 'account_id', 'category', 'verdict', 'outcome', 'review_decision'])
        .select((eb) => eb.fn.countAll().as('n'))
        .where('decided_at', '>=', range.start)
        .where('decided_at', '<', range.end)
        .groupBy(['platform', 'account_id', 'category', 'verdict', 'outcome', 'review_decision'])
        .execute(),
      db
        .selectFrom('audit_kept_count')
        .select(['platform', 'account_id', 'category'])
        .select((eb) => eb.fn.sum('n').as('n'))
        .where('day', '>=', q.from)
        .where('day', '<=', q.to)
        .groupBy(['platform', 'account_id', 'category'])
        .execute(),
      db
        .selectFrom('audit_comment')
        .select(['account_id', 'platform'])
        .select((eb) => eb.fn.max('received_at').as('at'))
        .where('received_at', '<', range.end)
        .groupBy(['account_id', 'platform'])
        .execute(),
      db
        .selectFrom('audit_kept_count')
        .select(['account_id', 'platform'])
        .select((eb) => eb.fn.max('day').as('at'))
        .where('day', '<=', q.to)
        .groupBy(['account_id', 'platform'])
        .execute(),
      db
        .selectFrom('audit_comment')
        .select(['decided_at', 'reviewed_at'])
        .where('outcome', '=', 'review')
        .where('reviewed_at', 'is not', null)
        .where('decided_at', '>=', range.start)
        .where('decided_at', '<', range.end)
        .execute(),
      ruleDecisionStats(db, range),
      db
        .selectFrom('audit_account_post')
        .select(['account_id', 'published_at'])
        .where('published_at', '>=', range.start)
        .where('published_at', '<', range.end)
        .execute(),
      db
        .selectFrom('audit_action')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', '=', 'failed')
        .where('finished_at', '>=', range.start)
        .where('finished_at', '<', range.end)
        .executeTakeFirst(),
      readAppealFacts(db, range),
      db.selectFrom('audit_inbound_health').selectAll().execute(),
    ]);
  return {
    from: q.from,
    to: q.to,
    timeZone: q.timeZone,
    generatedAt: q.generatedAt,
    accounts: q.accounts,
    env: q.env,
    lastComments: [...lastAudited, ...lastKept].map((r) => ({
      accountId: r.account_id,
      platform: r.platform,
      at: String(r.at),
    })),
    audited: audited.map((r) => ({
      platform: r.platform,
      accountId: r.account_id,
      category: r.category,
      verdict: r.verdict,
      outcome: r.outcome,
      reviewDecision: r.review_decision,
      n: Number(r.n),
    })),
    kept: kept.map((r) => ({
      platform: r.platform,
      accountId: r.account_id,
      category: r.category,
      n: Number(r.n),
    })),
    decisionDurationsMs: reviewed.map(
      (r) => Date.parse(r.reviewed_at ?? r.decided_at) - Date.parse(r.decided_at),
    ),
    ruleStats,
    posts: posts.map((p) => ({ accountId: p.account_id, publishedAt: p.published_at })),
    failedActions: Number(failed?.n ?? 0),
    limits: q.limits,
    appeals: { appeals, hours: q.appealHours },
    inboundHealth: inbound.map((h) => ({
      platform: h.platform,
      accountId: h.account_id,
      channel: h.channel,
      lastOkAt: h.last_ok_at,
      lastErrorAt: h.last_error_at,
      lastError: h.last_error,
      errorsSinceOk: Number(h.errors_since_ok),
    })),
  };
}
