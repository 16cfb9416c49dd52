import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Appeals (clause 3) as the audit log sees them: the latest state of each appeal, and every step of
// its history once (keyed on appeal id + revision, so an event delivered twice is stored once).
export const auditAppeals: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('audit_appeal')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('comment_key', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('comment_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('topic_name', 'text', (c) => c.notNull())
      .addColumn('first_department', 'text', (c) => c.notNull())
      .addColumn('department', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('moderation_outcome', 'text', (c) => c.notNull())
      .addColumn('commented_at', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('due_at', 'text', (c) => c.notNull())
      .addColumn('escalated_at', 'text')
      .addColumn('answered_at', 'text')
      .addColumn('answered_by', 'text')
      .addColumn('closed_at', 'text')
      .addColumn('revision', 'integer', (c) => c.notNull())
      // Personal data, erased with the comment snapshots at the end of the retention period.
      .addColumn('author_id', 'text')
      .addColumn('author_name', 'text')
      .addColumn('text', 'text')
      .addColumn('permalink', 'text')
      .addColumn('purged_at', 'text')
      .execute();
    await db.schema.createIndex('audit_appeal_opened_at').on('audit_appeal').column('opened_at').execute();
    await db.schema.createIndex('audit_appeal_due_at').on('audit_appeal').column('due_at').execute();
    await db.schema.createIndex('audit_appeal_comment_id').on('audit_appeal').column('comment_id').execute();

    await db.schema
      .createTable('audit_appeal_event')
      .addColumn('appeal_id', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('by_kind', 'text', (c) => c.notNull())
      .addColumn('by_id', 'text')
      .addColumn('by_name', 'text')
      .addColumn('from_department', 'text')
      .addColumn('department', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addPrimaryKeyConstraint('audit_appeal_event_pk', ['appeal_id', 'revision'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('audit_appeal_event').ifExists().execute();
    await db.schema.dropTable('audit_appeal').ifExists().execute();
  },
};
