import type { AppealEvent } from '../../core/appeals/appeal-record.ts';

/**
 * Something that must learn about every appeal event: the Telegram bot (cards, reminders,
 * escalations) and the audit store (reports). Each sink reads the outbox stream in its own consumer
 * group, so a slow or failing sink never holds back another, and an event is retried until the sink
 * accepts it (at-least-once: make `handle` idempotent, e.g. by `event.appeal.id` + `event.appeal.revision`).
 */
export interface AppealSink {
  /** Consumer group name; stable across restarts (e.g. `telegram`, `audit`). */
  readonly name: string;
  handle(event: AppealEvent): Promise<void>;
}
