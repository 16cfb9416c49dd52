import type { AppealSink } from '../workers/appeals/appeal-sink.ts';
import { recordAppealEvent } from './audit-appeals.ts';
import type { AuditStore } from './audit-store.ts';

/**
 * The audit log as an appeal sink (consumer group `audit`): every appeal event is stored for the
 * reports and `audit show`. Idempotent, as the at-least-once delivery requires; a database error
 * throws, so the dispatcher retries the event (and holds newer ones back) until it is stored.
 */
export function auditAppealSink(store: AuditStore): AppealSink {
  return { name: 'audit', handle: (event) => recordAppealEvent(store.db, event) };
}
