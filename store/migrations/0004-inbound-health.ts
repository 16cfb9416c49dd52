import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// What the receiving side of each account last went through (registry report: webhook health).
export const inboundHealth: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('audit_inbound_health')
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('last_ok_at', 'text')
      .addColumn('last_error_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('errors_since_ok', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_inbound_health_pk', ['platform', 'account_id', 'channel'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('audit_inbound_health').ifExists().execute();
  },
};
