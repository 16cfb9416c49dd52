/**
 * Tables of the audit store. Times are ISO-8601 UTC strings (`Date.toISOString()`), which sort in
 * time order as text on both SQLite and PostgreSQL; JSON is stored as text; booleans as 0/1.
 */
export interface AuditDatabase {
  audit_comment: AuditCommentTable;
  audit_rule_result: AuditRuleResultTable;
  audit_action: AuditActionTable;
  audit_review: AuditReviewTable;
  audit_kept_count: AuditKeptCountTable;
  audit_kept_key: AuditKeptKeyTable;
  audit_account_post: AuditAccountPostTable;
  audit_dead_letter: AuditDeadLetterTable;
  audit_appeal: AuditAppealTable;
  audit_appeal_event: AuditAppealEventTable;
  audit_inbound_health: AuditInboundHealthTable;
}

/** One comment that was not simply kept: snapshot, verdict, who decided. */
export interface AuditCommentTable {
  key: string;
  platform: string;
  account_id: string;
  comment_id: string;
  object_id: string;
  owner_id: string;
  kind: string;
  revision: string | null;
  reply_to_id: string | null;
  /** Personal data below is set to null when the retention period ends (`purged_at`). */
  author_id: string | null;
  author_name: string | null;
  text: string | null;
  normalized_text: string | null;
  permalink: string | null;
  created_at: string;
  received_at: string;
  rule_set_version: string;
  verdict: string;
  mode: string;
  outcome: string;
  /** Category of the first deciding rule; '' when none decided (shadow/keep). */
  category: string;
  /** JSON array of every hit category. */
  categories: string;
  /** JSON array of the rule ids that decided the verdict. */
  decided_by: string;
  decided_at: string;
  /** The moderator's decision in force (null before the first and after an /undo); every decision
   * and undo is in `audit_review`. */
  review_decision: string | null;
  reviewer_id: string | null;
  reviewer_name: string | null;
  reviewed_at: string | null;
  purged_at: string | null;
}

export interface AuditRuleResultTable {
  comment_key: string;
  rule_id: string;
  category: string;
  hit: number;
  score: number;
  action: string;
  /** JSON array of `{start, end}` offsets into the original text. */
  spans: string;
  /** JSON of the rule's details (reason, ground, matched words…). */
  details: string;
}

/**
 * One request of a platform action: written when it is requested (write-ahead), completed with its
 * outcome. Requesting the same action again (decide, /undo, decide again) adds a row.
 */
export interface AuditActionTable {
  comment_key: string;
  action: string;
  /** 1, 2, … per comment and action: an outcome goes to the latest request of its job. */
  request_no: number;
  job_id: string;
  requested_by: string;
  moderator_id: string | null;
  moderator_name: string | null;
  reason: string;
  ban_days: number;
  requested_at: string;
  /** requested | done | already_done | unsupported | failed | superseded (a newer request of the action did it; start-up reconciliation) */
  status: string;
  detail: string | null;
  error: string | null;
  attempts: number;
  finished_at: string | null;
  /** Where a person can do the action by hand when the platform's API cannot (status `unsupported`). */
  manual_url: string | null;
}

/** One moderator's decision or /undo, in the order they were made (`seq` per comment). */
export interface AuditReviewTable {
  comment_key: string;
  seq: number;
  /** decision | undo */
  type: string;
  /** The decision made (`delete`, `delete_and_ban`, `keep`), or the one the undo took out of force. */
  decision: string;
  moderator_id: string | null;
  moderator_name: string | null;
  at: string;
  /** The platform action it asked for, if any. */
  action: string | null;
}

/** Comments kept without any rule hitting: only counted, nothing of their text is stored. */
export interface AuditKeptCountTable {
  day: string;
  account_id: string;
  platform: string;
  category: string;
  n: number;
}

/**
 * The comments a day's count already holds, by key only (no text, no author): a moderate job decided
 * again after a failure must not count its kept comments twice. Kept for two days (retention purge).
 */
export interface AuditKeptKeyTable {
  key: string;
  day: string;
}

export interface AuditAccountPostTable {
  account_id: string;
  post_id: string;
  published_at: string;
}

export interface AuditDeadLetterTable {
  /** `queue|jobId|time`: one row per job that reached the failed state. */
  id: string;
  queue: string;
  job_id: string | null;
  comment_key: string | null;
  error: string;
  at: string;
}

/** The latest state of one citizen's appeal (clause 3), from the appeal events. */
export interface AuditAppealTable {
  /** `platform:account:comment` */
  id: string;
  comment_key: string;
  platform: string;
  account_id: string;
  comment_id: string;
  /** request | question | complaint */
  kind: string;
  topic: string;
  topic_name: string;
  /** The department that first received it: its working hours set the deadline. */
  first_department: string;
  department: string;
  /** open | transferred | escalated | answered | not_an_appeal */
  state: string;
  moderation_outcome: string;
  commented_at: string;
  opened_at: string;
  due_at: string;
  escalated_at: string | null;
  answered_at: string | null;
  /** `official` | `platform` | `system` */
  answered_by: string | null;
  closed_at: string | null;
  revision: number;
  /** Personal data below is set to null when the retention period ends (`purged_at`). */
  author_id: string | null;
  author_name: string | null;
  /** The comment text as officials saw it (obscene words masked). */
  text: string | null;
  permalink: string | null;
  purged_at: string | null;
}

/** One step of an appeal's history; `revision` is its index in the history. */
export interface AuditAppealEventTable {
  appeal_id: string;
  revision: number;
  type: string;
  at: string;
  by_kind: string;
  by_id: string | null;
  by_name: string | null;
  from_department: string | null;
  department: string;
  note: string | null;
}

/** The receiving side of one account (webhook or poller): last success, last failure. */
export interface AuditInboundHealthTable {
  platform: string;
  /** '' when the delivery could not be tied to an account (shared Meta endpoint). */
  account_id: string;
  /** webhook | poll */
  channel: string;
  last_ok_at: string | null;
  last_error_at: string | null;
  last_error: string | null;
  /** Failures since the last success. */
  errors_since_ok: number;
}
