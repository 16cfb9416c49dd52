import type { Migration } from 'kysely/migration';
import { auditTables } from './0001-audit-tables.ts';
import { auditAppeals } from './0002-audit-appeals.ts';
import { actionManualUrl } from './0003-action-manual-url.ts';
import { inboundHealth } from './0004-inbound-health.ts';
import { auditHistory } from './0005-audit-history.ts';
import { keptKeys } from './0006-kept-keys.ts';

/** Every migration, by name; names sort in the order they must run. Never edit one that shipped. */
export const AUDIT_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-audit-tables': auditTables,
  '0002-audit-appeals': auditAppeals,
  '0003-action-manual-url': actionManualUrl,
  '0004-inbound-health': inboundHealth,
  '0005-audit-history': auditHistory,
  '0006-kept-keys': keptKeys,
};
