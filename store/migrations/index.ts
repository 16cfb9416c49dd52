import type { Migration } from 'kysely/migration';
import { auditTables } from './0001-audit-tables.ts';

/** Every migration, by name; names sort in the order they must run. Never edit one that shipped. */
export const AUDIT_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-audit-tables': auditTables,
};
