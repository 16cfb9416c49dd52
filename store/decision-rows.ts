import type { Comment } from '../core/comment.ts';
import type { DecisionEvent } from '../workers/moderation-observer.ts';
import type { PlannedAction } from './audit-records.ts';
import { localDay } from './local-day.ts';
import type { AuditActionTable } from './schema.ts';

/**
 * The rows the audit log writes for decisions, built once and written by whichever path the
 * database takes (prepared statements on SQLite, kysely on PostgreSQL).
 */

export const iso = (d: Date): string => d.toISOString();

/** `audit_action` rows of actions about to be queued (each the first request of its action). */
export function plannedRows(key: string, planned: readonly PlannedAction[], at: Date): ActionRowInput[] {
  return planned.map((p) => plannedRow(key, p, at));
}

/** The `audit_action` row of one action about to be queued; `requestNo` 1 unless requested again. */
export function plannedRow(key: string, p: PlannedAction, at: Date, requestNo = 1): ActionRowInput {
  return {
    comment_key: key,
    action: p.action,
    request_no: requestNo,
    job_id: p.jobId,
    requested_by: p.requestedBy.kind,
    moderator_id: p.requestedBy.kind === 'moderator' ? p.requestedBy.id : null,
    moderator_name: p.requestedBy.kind === 'moderator' ? p.requestedBy.name : null,
    reason: p.reason,
    ban_days: p.banDays,
    requested_at: iso(at),
    status: 'requested',
    detail: null,
    error: null,
    attempts: 0,
    finished_at: null,
    manual_url: null,
  };
}

/** The columns of `audit_comment` that snapshot the comment itself, as the platform gave it. */
export function snapshotColumns(comment: Comment) {
  return {
    platform: comment.platform,
    account_id: comment.accountId,
    comment_id: comment.commentId,
    object_id: comment.objectId,
    owner_id: comment.ownerId,
    kind: comment.kind,
    revision: comment.revision ?? null,
    reply_to_id: comment.replyToId ?? null,
    author_id: comment.author.id,
    author_name: comment.author.name,
    text: comment.text,
    permalink: comment.permalink,
    created_at: new Date(comment.createdAt).toISOString(),
    received_at: iso(new Date(comment.receivedAt)),
  };
}

/** The `audit_comment` row of an automatic decision. */
function commentRow(e: DecisionEvent) {
  const { comment, verdict } = e;
  const decidedBy = new Set(verdict.decidedBy);
  const first = verdict.results.find((r) => r.hit && decidedBy.has(r.ruleId));
  return {
    key: e.key,
    ...snapshotColumns(comment),
    normalized_text: verdict.normalized.text,
    rule_set_version: verdict.ruleSetVersion,
    verdict: verdict.verdict,
    mode: e.account.mode,
    outcome: e.outcome,
    category: first?.category ?? verdict.categories[0] ?? '',
    categories: JSON.stringify(verdict.categories),
    decided_by: JSON.stringify(verdict.decidedBy),
    decided_at: iso(e.decidedAt),
    review_decision: null,
    reviewer_id: null,
    reviewer_name: null,
    reviewed_at: null,
    purged_at: null,
  };
}

export interface PendingDecision {
  readonly e: DecisionEvent;
  readonly planned: readonly PlannedAction[];
}

/** A comment is "simply kept" when no rule asked for anything: then only a count is stored. */
export const isSimplyKept = (e: Pick<DecisionEvent, 'verdict' | 'outcome'>): boolean =>
  e.verdict.verdict === 'keep' && e.outcome === 'keep';

/** A simply-kept comments' count to add to a day's total. */
export type KeptCountRow = {
  readonly day: string;
  readonly account_id: string;
  readonly platform: string;
  readonly category: string;
  readonly n: number;
};

/** An `audit_action` row as inserted: every column. */
export type ActionRowInput = AuditActionTable;

/** A simply kept comment as a commit sees it: its key (to count it once) and what it is counted under. */
export type KeptComment = Omit<KeptCountRow, 'n'> & { readonly key: string };

/** Kept comments summed per day, account and category. */
export function keptCounts(kept: readonly KeptComment[]): KeptCountRow[] {
  const counts = new Map<string, KeptCountRow & { n: number }>();
  for (const { key: _key, ...k } of kept) {
    const id = `${k.day}\0${k.account_id}\0${k.category}`;
    const row = counts.get(id);
    if (row) row.n += 1;
    else counts.set(id, { ...k, n: 1 });
  }
  return [...counts.values()];
}

/** Everything one group commit of decisions writes. */
export interface DecisionRows {
  /**
   * Simply kept comments: only counted (`keptCounts`), each once — the writer counts those whose key
   * it records now, so a decision repeated (a moderate job run again) is not counted twice.
   */
  readonly kept: readonly KeptComment[];
  /** Flagged comments: snapshot, every rule result, the actions about to be queued. */
  readonly flagged: readonly {
    readonly comment: ReturnType<typeof commentRow>;
    readonly ruleResults: readonly ReturnType<typeof ruleResultRows>[number][];
    readonly planned: readonly ActionRowInput[];
  }[];
}

/**
 * Every rule's result is kept. A rule that did not fire has score 0, no spans, and only its own
 * definition as details (its reason and ground, named by rule id and rule-set version): its row keeps
 * `{}` rather than that text again. It had been two thirds of every flagged comment's bytes, copied to
 * the writer thread and written to disk for each of the dozen rules that did not fire.
 */
function ruleResultRows(e: DecisionEvent) {
  return e.verdict.results.map((r) => ({
    comment_key: e.key,
    rule_id: r.ruleId,
    category: r.category,
    hit: r.hit ? 1 : 0,
    score: r.score,
    action: r.details.action,
    spans: r.hit || r.spans.length > 0 ? JSON.stringify(r.spans) : '[]',
    details: r.hit ? JSON.stringify(r.details) : '{}',
  }));
}

/** The rows of a group commit; kept counts use the calendar day of `timeZone`. */
export function decisionRows(items: readonly PendingDecision[], timeZone: string): DecisionRows {
  const kept: KeptComment[] = [];
  const flagged: DecisionRows['flagged'][number][] = [];
  for (const { e, planned } of items) {
    if (!isSimplyKept(e)) {
      flagged.push({
        comment: commentRow(e),
        ruleResults: ruleResultRows(e),
        planned: plannedRows(e.key, planned, e.decidedAt),
      });
      continue;
    }
    kept.push({
      key: e.key,
      day: localDay(e.decidedAt, timeZone),
      account_id: e.comment.accountId,
      platform: e.comment.platform,
      category: e.verdict.categories[0] ?? '',
    });
  }
  return { kept, flagged };
}
