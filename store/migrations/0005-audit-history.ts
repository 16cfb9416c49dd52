import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The columns of `audit_action` as 0001 and 0003 left them, in order. */
const ACTION_COLUMNS = [
  'comment_key',
  'action',
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
] as const;

/**
 * A new `audit_action` under another name, with the columns 0001 and 0003 gave it (and `request_no`
 * when `requests`, up; without it, down): SQLite cannot change a primary key in place, so the table
 * is rebuilt both ways.
 */
function createActionTable(db: Kysely<unknown>, name: string, pk: string, requests: boolean) {
  let t: CreateTableBuilder<string, string> = db.schema
    .createTable(name)
    .addColumn('comment_key', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull());
  if (requests) t = t.addColumn('request_no', 'integer', (c) => c.notNull());
  return t
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('moderator_id', 'text')
    .addColumn('moderator_name', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('ban_days', 'integer', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('manual_url', 'text')
    .addPrimaryKeyConstraint(
      pk,
      requests ? ['comment_key', 'action', 'request_no'] : ['comment_key', 'action'],
    );
}

/**
 * The whole history of a comment's review, not only its latest state:
 *
 * - `audit_action` gets `request_no` (1, 2, … per comment and action) in its key: every request of
 *   an action — decide, /undo, decide again — keeps its own row and outcome, where one row per comment
 *   and action was reset by each new request. Existing rows become request 1.
 * - `audit_review` keeps every moderator's decision and every /undo as its own record (who, when,
 *   what, for which comment), numbered per comment; `audit_comment.review_decision` stays the
 *   decision in force. Decisions in force when this runs become each comment's first record (their
 *   earlier, undone decisions were not kept before).
 *
 * Only portable statements: the same migration runs on SQLite and PostgreSQL, in a transaction on
 * both (store/sqlite-dialect.ts), so the table rebuild never stops half-way.
 */
export const auditHistory: Migration = {
  async up(trx: Kysely<unknown>) {
    // A new table, the rows copied, the old one dropped and the new one renamed: SQLite cannot change
    // a primary key in place. The old table goes first so its index names are free again (PostgreSQL).
    await createActionTable(trx, 'audit_action_requests', 'audit_action_request_pk', true).execute();
    const cols = sql.join(ACTION_COLUMNS.map((c) => sql.ref(c)));
    await sql`insert into audit_action_requests (${cols}, request_no) select ${cols}, 1 from audit_action`.execute(
      trx,
    );
    await trx.schema.dropTable('audit_action').execute();
    await trx.schema.alterTable('audit_action_requests').renameTo('audit_action').execute();
    await trx.schema.createIndex('audit_action_status').on('audit_action').column('status').execute();

    await trx.schema
      .createTable('audit_review')
      .addColumn('comment_key', 'text', (c) =>
        c.notNull().references('audit_comment.key').onDelete('cascade'),
      )
      .addColumn('seq', 'integer', (c) => c.notNull())
      // `decision` or `undo`
      .addColumn('type', 'text', (c) => c.notNull())
      // The decision made, or the one the undo took out of force.
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('moderator_id', 'text')
      .addColumn('moderator_name', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      // The platform action it asked for (none for «оставить», or an undo that only reopens the card).
      .addColumn('action', 'text')
      .addPrimaryKeyConstraint('audit_review_pk', ['comment_key', 'seq'])
      .execute();
    await trx.schema.createIndex('audit_review_at').on('audit_review').column('at').execute();
    await sql`insert into audit_review (comment_key, seq, type, decision, moderator_id, moderator_name, at, action)
        select key, 1, 'decision', review_decision, reviewer_id, reviewer_name, coalesce(reviewed_at, decided_at), null
        from audit_comment where review_decision is not null`.execute(trx);
  },
  async down(trx: Kysely<unknown>) {
    await trx.schema.dropTable('audit_review').ifExists().execute();
    // Back to one row per comment and action: the latest request of each.
    await createActionTable(trx, 'audit_action_latest', 'audit_action_latest_pk', false).execute();
    const cols = sql.join(ACTION_COLUMNS.map((c) => sql.ref(c)));
    await sql`insert into audit_action_latest (${cols}) select ${cols} from audit_action a
        where a.request_no = (select max(l.request_no) from audit_action l
          where l.comment_key = a.comment_key and l.action = a.action)`.execute(trx);
    await trx.schema.dropTable('audit_action').execute();
    await trx.schema.alterTable('audit_action_latest').renameTo('audit_action').execute();
    await trx.schema.createIndex('audit_action_status').on('audit_action').column('status').execute();
  },
};
