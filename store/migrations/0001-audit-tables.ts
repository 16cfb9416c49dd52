import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Only portable column types and constraints: the same migration runs on SQLite and PostgreSQL.
export const auditTables: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('audit_comment')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('comment_id', 'text', (c) => c.notNull())
      .addColumn('object_id', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('revision', 'text')
      .addColumn('reply_to_id', 'text')
      .addColumn('author_id', 'text')
      .addColumn('author_name', 'text')
      .addColumn('text', 'text')
      .addColumn('normalized_text', 'text')
      .addColumn('permalink', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('rule_set_version', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('categories', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'text', (c) => c.notNull())
      .addColumn('review_decision', 'text')
      .addColumn('reviewer_id', 'text')
      .addColumn('reviewer_name', 'text')
      .addColumn('reviewed_at', 'text')
      .addColumn('purged_at', 'text')
      .execute();
    await db.schema
      .createIndex('audit_comment_decided_at')
      .on('audit_comment')
      .column('decided_at')
      .execute();
    await db.schema
      .createIndex('audit_comment_comment_id')
      .on('audit_comment')
      .column('comment_id')
      .execute();

    await db.schema
      .createTable('audit_rule_result')
      .addColumn('comment_key', 'text', (c) =>
        c.notNull().references('audit_comment.key').onDelete('cascade'),
      )
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('hit', 'integer', (c) => c.notNull())
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('spans', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_rule_result_pk', ['comment_key', 'rule_id'])
      .execute();
    await db.schema
      .createIndex('audit_rule_result_rule')
      .on('audit_rule_result')
      .columns(['rule_id', 'hit'])
      .execute();

    await db.schema
      .createTable('audit_action')
      .addColumn('comment_key', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
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
      .addPrimaryKeyConstraint('audit_action_pk', ['comment_key', 'action'])
      .execute();
    await db.schema.createIndex('audit_action_status').on('audit_action').column('status').execute();

    await db.schema
      .createTable('audit_kept_count')
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_kept_count_pk', ['day', 'account_id', 'category'])
      .execute();

    await db.schema
      .createTable('audit_account_post')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_account_post_pk', ['account_id', 'post_id'])
      .execute();

    await db.schema
      .createTable('audit_dead_letter')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('queue', 'text', (c) => c.notNull())
      .addColumn('job_id', 'text')
      .addColumn('comment_key', 'text')
      .addColumn('error', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const t of [
      'audit_dead_letter',
      'audit_account_post',
      'audit_kept_count',
      'audit_action',
      'audit_rule_result',
      'audit_comment',
    ]) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
};
