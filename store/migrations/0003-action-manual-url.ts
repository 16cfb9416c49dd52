import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Where a person can do by hand what the platform's API cannot (`ActionOutcome.manualUrl`).
export const actionManualUrl: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('audit_action').addColumn('manual_url', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('audit_action').dropColumn('manual_url').execute();
  },
};
