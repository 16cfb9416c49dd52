import { sql, type ExpressionBuilder, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { ActionOutcome } from '../adapters/platform-actions.ts';
import type {
  AccountPostEvent,
  DecisionEvent,
  ReviewDecisionEvent,
  ReviewUndoEvent,
} from '../workers/moderation-observer.ts';
import {
  ruleResultView,
  type ActionRow,
  type CommentRecord,
  type CommentRow,
  type PlannedAction,
} from './audit-records.ts';
import { MicroBatcher } from '../lib/micro-batch.ts';
import {
  decisionRows,
  iso,
  keptCounts,
  plannedRow,
  snapshotColumns,
  type ActionRowInput,
  type DecisionRows,
  type PendingDecision,
} from './decision-rows.ts';
import { localDay } from './local-day.ts';
import { openDatabase } from './open-database.ts';
import type { AuditDatabase, AuditReviewTable } from './schema.ts';
import { SqliteHotWrites } from './sqlite-hot-writes.ts';
import { SqliteWriter } from './sqlite-writer.ts';

type Db = Kysely<AuditDatabase> | Transaction<AuditDatabase>;

/** The number of an action's latest request — of those its job `jobId` carries, when given. */
function latestRequestNo(
  eb: ExpressionBuilder<AuditDatabase, 'audit_action'>,
  key: string,
  action: string,
  jobId?: string,
) {
  const q = eb
    .selectFrom('audit_action as l')
    .select((e) => e.fn.max('l.request_no').as('m'))
    .where('l.comment_key', '=', key)
    .where('l.action', '=', action);
  return jobId === undefined ? q : q.where('l.job_id', '=', jobId);
}

export interface AuditStoreOptions {
  /** IANA zone whose calendar days the kept-comment counts use. */
  readonly timeZone: string;
  /** Told when the database drops an idle connection (PostgreSQL restart). */
  readonly onConnectionError?: (err: Error) => void;
}

/** A requested action with no outcome yet, with the snapshot needed to queue it again. */
export interface PendingAction {
  readonly action: ActionRow;
  readonly comment: CommentRow;
  /** A newer request of the same action exists (this one's job may have been lost with Redis). */
  readonly superseded: boolean;
}

/** Splits rows so one statement stays under the databases' bound-parameter limits. */
function chunked<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Commits items together; if that fails, commits each alone, so one bad record cannot hold the
 * others back. Returns one entry per item (undefined or its error) after a failure.
 */
async function eachAloneOnFailure<T>(
  items: readonly T[],
  commit: (items: readonly T[]) => Promise<void>,
): Promise<void | unknown[]> {
  try {
    await commit(items);
  } catch (err) {
    if (items.length === 1) throw err;
    const results = await Promise.allSettled(items.map((i) => commit([i])));
    return results.map((r) => (r.status === 'rejected' ? (r.reason as unknown) : undefined));
  }
}

/** Days a kept comment's key is kept (it guards against counting a decision repeated within hours). */
const KEPT_KEY_DAYS = 2;

/** The hot writes of an SQLite audit log. */
interface HotWrites {
  writeDecisions(rows: DecisionRows): Promise<void>;
  writeOutcomes(rows: readonly ActionRowInput[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * An in-memory database cannot be opened by another thread: its hot writes run on the store's own
 * connection, holding kysely's connection so they never interleave with its transactions.
 */
function inlineHotWrites(db: Kysely<AuditDatabase>, hot: SqliteHotWrites): HotWrites {
  return {
    writeDecisions: (rows) => db.connection().execute(async () => hot.writeDecisions(rows)),
    writeOutcomes: (rows) => db.connection().execute(async () => hot.writeOutcomes(rows)),
    close: async () => undefined,
  };
}

/** An action as the pipeline names it: the comment key, the action and its job. */
type ActionRef = Omit<PlannedAction, 'jobId'> & { key: string; jobId: string };

interface PendingOutcome {
  readonly p: ActionRef;
  readonly outcome: ActionOutcome;
  readonly at: Date;
}

/**
 * The audit log: what was decided about every comment that was not simply kept, why, by whom, and
 * what the platform did. One code path over SQLite and PostgreSQL (kysely).
 */
export class AuditStore {
  private constructor(
    readonly db: Kysely<AuditDatabase>,
    readonly dialect: 'sqlite' | 'postgres',
    private readonly opts: AuditStoreOptions,
    /** The hot writes on SQLite (PostgreSQL does not block the event loop: kysely writes there). */
    private readonly hot: HotWrites | undefined,
  ) {}

  readonly #decisions = new MicroBatcher<PendingDecision>((items) => this.#commitDecisions(items), 500);
  readonly #outcomes = new MicroBatcher<PendingOutcome>((items) => this.#commitOutcomes(items), 500);

  /**
   * Opens the database named by `DATABASE_URL` and runs pending migrations.
   *
   * @throws {MigrationError} when the schema cannot be brought up to date.
   */
  static async open(url: string, opts: AuditStoreOptions): Promise<AuditStore> {
    const { db, target, sqlite } = await openDatabase(url, opts.onConnectionError);
    let hot: HotWrites | undefined;
    if (sqlite && target.kind === 'sqlite') {
      hot =
        target.path === ':memory:'
          ? inlineHotWrites(db, new SqliteHotWrites(sqlite))
          : new SqliteWriter(target.path);
    }
    return new AuditStore(db, target.kind, opts, hot);
  }

  async close(): Promise<void> {
    await this.hot?.close();
    await this.db.destroy();
  }

  /**
   * Records one automatic decision. Simply kept comments only increment the day's count; the rest
   * get a full record — snapshot, every rule result, verdict — and the actions about to be queued,
   * all in one transaction committed before anything is queued. Recording the same key twice (a
   * retried job) changes nothing.
   */
  async recordDecision(e: DecisionEvent, planned: readonly PlannedAction[]): Promise<void> {
    await this.#decisions.push({ e, planned });
  }

  /**
   * Group commit: decisions recorded at the same moment (concurrent moderation jobs) share one
   * transaction — one disk flush instead of one per comment — and each caller still returns only
   * after its own record is committed. If the shared transaction fails, each decision is retried in
   * a transaction of its own, so one bad record cannot hold the others back.
   */
  async #commitDecisions(items: readonly PendingDecision[]): Promise<void | unknown[]> {
    return eachAloneOnFailure(items, (some) => this.#commitDecisionsOnce(some));
  }

  async #commitDecisionsOnce(items: readonly PendingDecision[]): Promise<void> {
    const rows = decisionRows(items, this.opts.timeZone);
    const hot = this.hot;
    if (hot) await hot.writeDecisions(rows);
    else await this.db.transaction().execute((trx) => this.#writeDecisions(trx, rows));
  }

  /**
   * The kysely path (PostgreSQL): multi-row inserts, a few statements per batch rather than a few per
   * comment. Rule results are written only for comments this call inserted, so a decision repeated
   * after a rule reload cannot mix two rule sets in one record.
   */
  async #writeDecisions(trx: Db, rows: DecisionRows): Promise<void> {
    const counted = new Set<string>();
    for (const chunk of chunked(rows.kept, 500)) {
      const fresh = await trx
        .insertInto('audit_kept_key')
        .values(chunk.map((k) => ({ key: k.key, day: k.day })))
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .execute();
      for (const r of fresh) counted.add(r.key);
    }
    // `delete`: a key twice in one commit (two deliveries decided together) counts once.
    for (const k of keptCounts(rows.kept.filter((x) => counted.delete(x.key)))) {
      await trx
        .insertInto('audit_kept_count')
        .values(k)
        .onConflict((oc) =>
          oc
            .columns(['day', 'account_id', 'category'])
            .doUpdateSet((eb) => ({ n: eb(eb.ref('audit_kept_count.n'), '+', k.n) })),
        )
        .execute();
    }
    const inserted = new Set<string>();
    for (const chunk of chunked(rows.flagged, 100)) {
      const keys = await trx
        .insertInto('audit_comment')
        .values(chunk.map((f) => f.comment))
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .execute();
      for (const r of keys) inserted.add(r.key);
    }
    const results = rows.flagged.filter((f) => inserted.has(f.comment.key)).flatMap((f) => f.ruleResults);
    for (const chunk of chunked(results, 500)) {
      await trx
        .insertInto('audit_rule_result')
        .values(chunk)
        .onConflict((oc) => oc.columns(['comment_key', 'rule_id']).doNothing())
        .execute();
    }
    await this.#insertPlannedRows(
      trx,
      rows.flagged.flatMap((f) => f.planned),
    );
  }

  /**
   * Records a moderator's decision (the first one wins; later presses are ignored) as a record of its
   * own in `audit_review`, and the action about to be queued for it, before it is queued. A comment
   * the log has never seen gets a snapshot from the event.
   */
  async recordReviewDecision(e: ReviewDecisionEvent, planned: readonly PlannedAction[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const c = e.comment;
      await trx
        .insertInto('audit_comment')
        .values({
          key: e.key,
          ...snapshotColumns(c),
          normalized_text: null,
          rule_set_version: '',
          verdict: 'review',
          mode: 'review',
          outcome: 'review',
          category: '',
          categories: '[]',
          decided_by: '[]',
          decided_at: iso(e.decidedAt),
          review_decision: null,
          reviewer_id: null,
          reviewer_name: null,
          reviewed_at: null,
          purged_at: null,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const updated = await trx
        .updateTable('audit_comment')
        .set({
          review_decision: e.decision,
          reviewer_id: e.moderator.id,
          reviewer_name: e.moderator.name,
          reviewed_at: iso(e.decidedAt),
        })
        .where('key', '=', e.key)
        .where('review_decision', 'is', null)
        .executeTakeFirst();
      // The decision in force (the first, or the first since an /undo) is kept, and its action is on
      // record; a press that lost (or came again) changes nothing.
      if (Number(updated.numUpdatedRows) === 0) return;
      await this.#addReview(trx, e.key, {
        type: 'decision',
        decision: e.decision,
        moderator_id: e.moderator.id,
        moderator_name: e.moderator.name,
        at: iso(e.decidedAt),
        action: planned[0]?.action ?? null,
      });
      await this.#requestActions(trx, e.key, planned, e.decidedAt);
    });
  }

  /** Adds one decision or undo to a comment's review history, numbered after the ones before it. */
  async #addReview(
    trx: Db,
    key: string,
    r: Omit<Insertable<AuditReviewTable>, 'comment_key' | 'seq'>,
  ): Promise<void> {
    // One statement: the number and the row together (the comment's row is locked by the caller's
    // update on PostgreSQL, so two reviews of one comment cannot take the same number).
    await trx
      .insertInto('audit_review')
      .columns(['comment_key', 'seq', 'type', 'decision', 'moderator_id', 'moderator_name', 'at', 'action'])
      .expression((eb) =>
        eb
          .selectFrom('audit_review')
          .select([
            eb.val(key).as('comment_key'),
            sql<number>`coalesce(max(seq), 0) + 1`.as('seq'),
            eb.val(r.type).as('type'),
            eb.val(r.decision).as('decision'),
            eb.val(r.moderator_id ?? null).as('moderator_id'),
            eb.val(r.moderator_name ?? null).as('moderator_name'),
            eb.val(r.at).as('at'),
            eb.val(r.action ?? null).as('action'),
          ])
          .where('comment_key', '=', key),
      )
      .execute();
  }

  async #insertPlannedRows(trx: Db, rows: readonly ActionRowInput[]): Promise<void> {
    for (const chunk of chunked(rows, 300)) {
      await trx
        .insertInto('audit_action')
        .values(chunk)
        .onConflict((oc) => oc.columns(['comment_key', 'action', 'request_no']).doNothing())
        .execute();
    }
  }

  /**
   * Records a moderator's `/undo`: the decision is no longer in force (the card is open again, and
   * the next decision is recorded as the first was), the undo is kept as a record of its own, and the
   * action the undo is about to queue is on record before it is queued. The undone decision's record
   * and its action's row stay, with its outcome. An undo of a decision no longer in force (the same
   * undo again) adds no record.
   */
  async recordReviewUndo(e: ReviewUndoEvent, planned: readonly PlannedAction[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const cleared = await trx
        .updateTable('audit_comment')
        .set({ review_decision: null, reviewer_id: null, reviewer_name: null, reviewed_at: null })
        .where('key', '=', e.key)
        .where('review_decision', 'is not', null)
        .executeTakeFirst();
      if (Number(cleared.numUpdatedRows) > 0) {
        await this.#addReview(trx, e.key, {
          type: 'undo',
          decision: e.undone,
          moderator_id: e.moderator.id,
          moderator_name: e.moderator.name,
          at: iso(e.undoneAt),
          action: e.action ?? null,
        });
      }
      await this.#requestActions(trx, e.key, planned, e.undoneAt);
    });
  }

  /**
   * Puts a moderator's (or an undo's) actions on record as `requested`, each request in a row of its
   * own: an action requested before (decide, undo, decide again) keeps its row and outcome, and this
   * request gets the next number — the row outcomes and start-up reconciliation go to. The same
   * request again (its job id, still without an outcome) adds nothing.
   */
  async #requestActions(trx: Db, key: string, planned: readonly PlannedAction[], at: Date): Promise<void> {
    for (const p of planned) {
      const latest = await trx
        .selectFrom('audit_action')
        .select(['request_no', 'status', 'job_id'])
        .where('comment_key', '=', key)
        .where('action', '=', p.action)
        .orderBy('request_no', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (latest?.status === 'requested' && latest.job_id === p.jobId) continue;
      await trx
        .insertInto('audit_action')
        .values(plannedRow(key, p, at, Number(latest?.request_no ?? 0) + 1))
        .onConflict((oc) => oc.columns(['comment_key', 'action', 'request_no']).doNothing())
        .execute();
    }
  }

  /**
   * Adds the platform's answer to an action. An action the log did not see requested (e.g. a hide
   * while in review) is recorded now, with its outcome.
   */
  async recordActionOutcome(p: ActionRef, outcome: ActionOutcome, at: Date): Promise<void> {
    await this.#outcomes.push({ p, outcome, at });
  }

  /** Group commit of action outcomes, like decisions: one transaction for the outcomes of a moment. */
  async #commitOutcomes(items: readonly PendingOutcome[]): Promise<void | unknown[]> {
    return eachAloneOnFailure(items, async (some) => {
      const hot = this.hot;
      if (hot) {
        const rows = some.map(({ p, outcome, at }) => ({
          ...plannedRow(p.key, p, at),
          status: outcome.status,
          detail: outcome.detail,
          attempts: 1,
          finished_at: iso(at),
          manual_url: outcome.manualUrl ?? null,
        }));
        await hot.writeOutcomes(rows);
        return;
      }
      await this.db.transaction().execute(async (trx) => {
        for (const { p, outcome, at } of some) {
          await this.#upsertAction(trx, p, at, {
            status: outcome.status,
            detail: outcome.detail,
            finished_at: iso(at),
            ...(outcome.manualUrl ? { manual_url: outcome.manualUrl } : {}),
          });
        }
      });
    });
  }

  /**
   * Closes a request whose job was lost while a newer request of the same action exists (start-up
   * reconciliation): it is not carried out again, the newer one does it. Only a request still
   * waiting for its outcome is closed.
   */
  async closeSupersededRequest(key: string, action: string, requestNo: number, at: Date): Promise<void> {
    await this.db
      .updateTable('audit_action')
      .set({ status: 'superseded', finished_at: iso(at) })
      .where('comment_key', '=', key)
      .where('action', '=', action)
      .where('request_no', '=', requestNo)
      .where('status', '=', 'requested')
      .execute();
  }

  /** Notes a failed attempt; `final` marks the action failed for good (dead letter). */
  async recordActionFailure(p: ActionRef, error: string, final: boolean, at: Date): Promise<void> {
    await this.#upsertAction(
      this.db,
      p,
      at,
      final ? { status: 'failed', error, finished_at: iso(at) } : { error },
    );
  }

  /**
   * Applies an outcome (or a failed attempt) to the request its job carried out — the latest request
   * of the action when no request names the job (see `REQUEST_OF_JOB` in sqlite-hot-writes.ts); an
   * action never requested gets its first row now.
   */
  async #upsertAction(
    db: Db,
    p: ActionRef,
    at: Date,
    patch: { status?: string; detail?: string; error?: string; finished_at?: string; manual_url?: string },
  ): Promise<void> {
    const updated = await db
      .updateTable('audit_action')
      .set((eb) => ({ ...patch, attempts: eb(eb.ref('audit_action.attempts'), '+', 1) }))
      .where('comment_key', '=', p.key)
      .where('action', '=', p.action)
      .where('request_no', '=', (eb) =>
        eb.fn.coalesce(latestRequestNo(eb, p.key, p.action, p.jobId), latestRequestNo(eb, p.key, p.action)),
      )
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return;
    await db
      .insertInto('audit_action')
      .values({
        ...plannedRow(p.key, p, at),
        status: patch.status ?? 'requested',
        detail: patch.detail ?? null,
        error: patch.error ?? null,
        attempts: 1,
        finished_at: patch.finished_at ?? null,
        manual_url: patch.manual_url ?? null,
      })
      .onConflict((oc) =>
        oc.columns(['comment_key', 'action', 'request_no']).doUpdateSet((eb) => ({
          ...patch,
          attempts: eb(eb.ref('audit_action.attempts'), '+', 1),
        })),
      )
      .execute();
  }

  async recordAccountPost(e: AccountPostEvent): Promise<void> {
    await this.db
      .insertInto('audit_account_post')
      .values({ account_id: e.accountId, post_id: e.postId, published_at: iso(e.publishedAt) })
      .onConflict((oc) => oc.columns(['account_id', 'post_id']).doNothing())
      .execute();
  }

  async recordDeadLetter(
    queue: string,
    jobId: string | undefined,
    key: string | undefined,
    error: string,
    at: Date,
  ): Promise<void> {
    await this.db
      .insertInto('audit_dead_letter')
      .values({
        // The comment too: a job's refused comments are often dead-lettered in the same millisecond.
        id: `${queue}|${jobId ?? ''}|${key ?? ''}|${iso(at)}`,
        queue,
        job_id: jobId ?? null,
        comment_key: key ?? null,
        error,
        at: iso(at),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  /**
   * Action requests (write-ahead) whose outcome never arrived, oldest first — older requests of an
   * action too, marked `superseded` when a newer request of the same action exists.
   */
  async pendingActions(): Promise<PendingAction[]> {
    const rows = await this.db
      .selectFrom('audit_action as a')
      .innerJoin('audit_comment as c', 'c.key', 'a.comment_key')
      .selectAll('c')
      .select([
        'a.comment_key as a_comment_key',
        'a.action as a_action',
        'a.request_no as a_request_no',
        'a.job_id as a_job_id',
        'a.requested_by as a_requested_by',
        'a.moderator_id as a_moderator_id',
        'a.moderator_name as a_moderator_name',
        'a.reason as a_reason',
        'a.ban_days as a_ban_days',
        'a.requested_at as a_requested_at',
        'a.status as a_status',
        'a.detail as a_detail',
        'a.error as a_error',
        'a.attempts as a_attempts',
        'a.finished_at as a_finished_at',
        'a.manual_url as a_manual_url',
      ])
      .select((eb) =>
        eb
          .selectFrom('audit_action as l')
          .select((e) => e.fn.max('l.request_no').as('m'))
          .whereRef('l.comment_key', '=', 'a.comment_key')
          .whereRef('l.action', '=', 'a.action')
          .as('a_latest_no'),
      )
      .where('a.status', '=', 'requested')
      .orderBy('a.requested_at')
      .execute();
    return rows.map((r) => {
      const {
        a_comment_key,
        a_action,
        a_request_no,
        a_job_id,
        a_requested_by,
        a_moderator_id,
        a_moderator_name,
        ...rest
      } = r;
      const {
        a_reason,
        a_ban_days,
        a_requested_at,
        a_status,
        a_detail,
        a_error,
        a_attempts,
        a_finished_at,
        a_manual_url,
        a_latest_no,
        ...c
      } = rest;
      return {
        comment: c,
        superseded: Number(a_latest_no) > Number(a_request_no),
        action: {
          comment_key: a_comment_key,
          action: a_action,
          request_no: Number(a_request_no),
          job_id: a_job_id,
          requested_by: a_requested_by,
          moderator_id: a_moderator_id,
          moderator_name: a_moderator_name,
          reason: a_reason,
          ban_days: Number(a_ban_days),
          requested_at: a_requested_at,
          status: a_status,
          detail: a_detail,
          error: a_error,
          attempts: Number(a_attempts),
          finished_at: a_finished_at,
          manual_url: a_manual_url,
        },
      };
    });
  }

  /** Reason text of the first rule that decided the automatic verdict ('' when none). */
  async decidingReason(key: string): Promise<string> {
    const c = await this.db
      .selectFrom('audit_comment')
      .select('decided_by')
      .where('key', '=', key)
      .executeTakeFirst();
    const first = c ? (JSON.parse(c.decided_by) as string[])[0] : undefined;
    if (first === undefined) return '';
    const r = await this.db
      .selectFrom('audit_rule_result')
      .select('details')
      .where('comment_key', '=', key)
      .where('rule_id', '=', first)
      .executeTakeFirst();
    const reason = r ? (JSON.parse(r.details) as { reason?: unknown }).reason : undefined;
    return typeof reason === 'string' ? reason : '';
  }

  /**
   * Finds comments by their key (`vk:acc:123`) or by the platform's comment id (`123`), newest
   * first; a platform id may match comments on several accounts.
   */
  async findComments(keyOrCommentId: string): Promise<CommentRecord[]> {
    const rows = await this.db
      .selectFrom('audit_comment')
      .selectAll()
      .where((eb) => eb.or([eb('key', '=', keyOrCommentId), eb('comment_id', '=', keyOrCommentId)]))
      .orderBy('decided_at', 'desc')
      .execute();
    return Promise.all(rows.map((r) => this.#record(r)));
  }

  async #record(comment: CommentRow): Promise<CommentRecord> {
    const [rules, actions, reviews] = await Promise.all([
      this.db.selectFrom('audit_rule_result').selectAll().where('comment_key', '=', comment.key).execute(),
      this.db
        .selectFrom('audit_action')
        .selectAll()
        .where('comment_key', '=', comment.key)
        .orderBy('requested_at')
        .orderBy('request_no')
        .orderBy('action')
        .execute(),
      this.db
        .selectFrom('audit_review')
        .selectAll()
        .where('comment_key', '=', comment.key)
        .orderBy('seq')
        .execute(),
    ]);
    return {
      comment,
      rules: rules.map(ruleResultView),
      actions: actions.map((a) => ({
        ...a,
        request_no: Number(a.request_no),
        ban_days: Number(a.ban_days),
        attempts: Number(a.attempts),
      })),
      reviews: reviews.map((r) => ({ ...r, seq: Number(r.seq) })),
    };
  }

  /**
   * Retention: erases the personal data (text, author, link, matched words) of every record decided
   * before `cutoff`. Verdicts, rules, decisions, outcomes and all counts stay.
   *
   * @returns the number of records purged now.
   */
  async purgeBefore(cutoff: Date, now: Date): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const keys = trx
        .selectFrom('audit_comment')
        .select('key')
        .where('decided_at', '<', iso(cutoff))
        .where('purged_at', 'is', null);
      // Matched words and their offsets are parts of the text; reason and ground stay.
      const hits = await trx
        .selectFrom('audit_rule_result')
        .select(['comment_key', 'rule_id', 'details'])
        .where('comment_key', 'in', keys)
        .where('hit', '=', 1)
        .execute();
      for (const h of hits) {
        const { matched: _matched, ...details } = JSON.parse(h.details) as Record<string, unknown>;
        await trx
          .updateTable('audit_rule_result')
          .set({ spans: '[]', details: JSON.stringify(details) })
          .where('comment_key', '=', h.comment_key)
          .where('rule_id', '=', h.rule_id)
          .execute();
      }
      const r = await trx
        .updateTable('audit_comment')
        .set({
          text: null,
          normalized_text: null,
          author_id: null,
          author_name: null,
          permalink: null,
          purged_at: iso(now),
        })
        .where('decided_at', '<', iso(cutoff))
        .where('purged_at', 'is', null)
        .executeTakeFirst();
      // Appeals carry the same personal data (text, author, link); their dates and history stay.
      await trx
        .updateTable('audit_appeal')
        .set({ text: null, author_id: null, author_name: null, permalink: null, purged_at: iso(now) })
        .where('opened_at', '<', iso(cutoff))
        .where('purged_at', 'is', null)
        .execute();
      // A kept comment's key is needed only while its decision may be repeated (hours): two days.
      await trx
        .deleteFrom('audit_kept_key')
        .where('day', '<', localDay(new Date(now.getTime() - KEPT_KEY_DAYS * 86_400_000), this.opts.timeZone))
        .execute();
      return Number(r.numUpdatedRows);
    });
  }
}
