import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// The keys of the simply kept comments already counted, so a decision repeated counts once.
export const keptKeys: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('audit_kept_key')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('day', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_kept_key_day').on('audit_kept_key').column('day').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('audit_kept_key').ifExists().execute();
  },
};
