import type Database from 'better-sqlite3';
import { keptCounts, type ActionRowInput, type DecisionRows } from './decision-rows.ts';

const insert = (table: string, cols: readonly string[]) =>
  `insert into ${table} (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`;

const COMMENT_COLS = [
  'key',
  'platform',
  'account_id',
  'comment_id',
  'object_id',
  'owner_id',
  'kind',
  'revision',
  'reply_to_id',
  'author_id',
  'author_name',
  'text',
  'normalized_text',
  'permalink',
  'created_at',
  'received_at',
  'rule_set_version',
  'verdict',
  'mode',
  'outcome',
  'category',
  'categories',
  'decided_by',
  'decided_at',
  'review_decision',
  'reviewer_id',
  'reviewer_name',
  'reviewed_at',
  'purged_at',
] as const;
const RULE_RESULT_COLS = ['comment_key', 'rule_id', 'category', 'hit', 'score', 'action', 'spans', 'details'];
const ACTION_COLS = [
  'comment_key',
  'action',
  'request_no',
  'job_id',
  'requested_by',
  'moderator_id',
  'moderator_name',
  'reason',
  'ban_days',
  'requested_at',
  'status',
  'detail',
  'error',
  'attempts',
  'finished_at',
  'manual_url',
];
const KEPT_COLS = ['day', 'account_id', 'platform', 'category', 'n'];

/**
 * The request an outcome belongs to: the latest request of the action carried by the job, else the
 * action's latest request. By job, because an older request may still be waiting for its outcome
 * when a newer one of the same action is made (a hide while in review, then an undo that hides again).
 */
const REQUEST_OF_JOB = `coalesce(
  (select max(l.request_no) from audit_action l where l.comment_key = @comment_key and l.action = @action and l.job_id = @job_id),
  (select max(l.request_no) from audit_action l where l.comment_key = @comment_key and l.action = @action))`;

/**
 * The audit log's hot writes on SQLite — every decision, every action outcome — as prepared
 * statements compiled once. Under load, building each query with kysely and preparing its SQL anew
 * took a quarter of the daemon's CPU (better-sqlite3 runs on the event loop); the same rows through
 * cached statements cost a fraction of that. The caller must hold kysely's connection (its mutex), so
 * these synchronous transactions never interleave with kysely's asynchronous ones.
 */
export class SqliteHotWrites {
  readonly #comment: Database.Statement;
  readonly #ruleResult: Database.Statement;
  readonly #planned: Database.Statement;
  readonly #kept: Database.Statement;
  readonly #keptKey: Database.Statement;
  readonly #outcome: Database.Statement;
  readonly #requestOutcome: Database.Statement;
  readonly #decisions: (rows: DecisionRows) => void;
  readonly #outcomes: (rows: readonly ActionRowInput[]) => void;

  constructor(db: Database.Database) {
    this.#comment = db.prepare(`${insert('audit_comment', COMMENT_COLS)} on conflict (key) do nothing`);
    this.#ruleResult = db.prepare(
      `${insert('audit_rule_result', RULE_RESULT_COLS)} on conflict (comment_key, rule_id) do nothing`,
    );
    this.#planned = db.prepare(
      `${insert('audit_action', ACTION_COLS)} on conflict (comment_key, action, request_no) do nothing`,
    );
    this.#keptKey = db.prepare(
      `insert into audit_kept_key (key, day) values (@key, @day) on conflict (key) do nothing`,
    );
    this.#kept = db.prepare(
      `${insert('audit_kept_count', KEPT_COLS)} on conflict (day, account_id, category) do update set n = audit_kept_count.n + excluded.n`,
    );
    // The same patch as the kysely path: the outcome's columns, one more attempt, and a manual URL
    // only when the outcome brings one — on the request its job carried out (the latest request of
    // the action when none names the job), or (never requested) on its first row, written now.
    this.#requestOutcome = db.prepare(
      `update audit_action set status = @status, detail = @detail, finished_at = @finished_at, manual_url = coalesce(@manual_url, manual_url), attempts = attempts + 1 where comment_key = @comment_key and action = @action and request_no = ${REQUEST_OF_JOB}`,
    );
    this.#outcome = db.prepare(
      `${insert('audit_action', ACTION_COLS)} on conflict (comment_key, action, request_no) do update set status = excluded.status, detail = excluded.detail, finished_at = excluded.finished_at, manual_url = coalesce(excluded.manual_url, audit_action.manual_url), attempts = audit_action.attempts + 1`,
    );
    this.#decisions = db.transaction((rows: DecisionRows) => {
      const fresh = rows.kept.filter((k) => this.#keptKey.run({ key: k.key, day: k.day }).changes > 0);
      for (const k of keptCounts(fresh)) this.#kept.run(k);
      for (const f of rows.flagged) {
        // Rule results only for a comment this commit inserted: a decision repeated after a rule
        // reload must not mix two rule sets in one record.
        if (this.#comment.run(f.comment).changes > 0) for (const r of f.ruleResults) this.#ruleResult.run(r);
        for (const p of f.planned) this.#planned.run(p);
      }
    });
    this.#outcomes = db.transaction((rows: readonly ActionRowInput[]) => {
      for (const r of rows) {
        const { status, detail, finished_at, manual_url, comment_key, action, job_id } = r;
        const patch = { status, detail, finished_at, manual_url, comment_key, action, job_id };
        if (this.#requestOutcome.run(patch).changes === 0) this.#outcome.run(r);
      }
    });
  }

  writeDecisions(rows: DecisionRows): void {
    this.#decisions(rows);
  }

  writeOutcomes(rows: readonly ActionRowInput[]): void {
    this.#outcomes(rows);
  }
}
