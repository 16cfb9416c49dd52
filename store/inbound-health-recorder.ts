import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { InboundHealthEvent, InboundHealthHook } from '../adapters/inbound-health.ts';
import { MicroBatcher } from '../lib/micro-batch.ts';
import { foldHealthEvents, healthKey, healthSource, type HealthPatch } from './inbound-health-fold.ts';
import type { AuditDatabase } from './schema.ts';

/**
 * Keeps in the audit database, per account and channel, when deliveries last worked and when and how
 * they last failed, so `npm run report` (another process) can tell a quiet page from a broken one.
 * Successes are noted at most once per `minIntervalMs` per source (a busy webhook must not write on
 * every comment), but always right after a failure. Events are written in batches, at most one write
 * per source every `flushMs`: every failed delivery used to be its own commit on the event loop, so a
 * flood of forged webhooks (which anyone can send) starved the real ones.
 */
export class InboundHealthRecorder {
  readonly #lastOkWrite = new Map<string, number>();
  readonly #batch: MicroBatcher<InboundHealthEvent>;

  constructor(
    private readonly db: Kysely<AuditDatabase>,
    private readonly log: Logger,
    private readonly minIntervalMs = 60_000,
    flushMs = 1000,
  ) {
    this.#batch = new MicroBatcher((events) => this.#write(events), 10_000, flushMs);
  }

  /** The hook for the adapters: never throws, never blocks them. */
  readonly hook: InboundHealthHook = (e) => {
    void this.record(e).catch((err: unknown) =>
      this.log.warn({ err, platform: e.platform, account: e.accountId }, 'inbound health not recorded'),
    );
  };

  /** Notes one event (subject to the success throttle); resolves once its batch is written. */
  async record(e: InboundHealthEvent): Promise<void> {
    const key = healthKey(healthSource(e));
    if (e.ok) {
      const last = this.#lastOkWrite.get(key);
      if (last !== undefined && e.at.getTime() - last < this.minIntervalMs) return;
      this.#lastOkWrite.set(key, e.at.getTime());
    } else {
      // The next success must be written at once, or the failure would look current for a minute.
      this.#lastOkWrite.delete(key);
    }
    await this.#batch.push(e);
  }

  /** Writes what is still waiting for its batch (shutdown, before the database closes). */
  close(): Promise<void> {
    return this.#batch.flushNow();
  }

  async #write(events: readonly InboundHealthEvent[]): Promise<void> {
    const patches = foldHealthEvents(events);
    await this.db.transaction().execute(async (trx) => {
      for (const p of patches) await upsert(trx, p);
    });
  }
}

async function upsert(db: Kysely<AuditDatabase>, p: HealthPatch): Promise<void> {
  await db
    .insertInto('audit_inbound_health')
    .values({
      ...p.source,
      last_ok_at: p.lastOkAt ?? null,
      last_error_at: p.lastErrorAt ?? null,
      last_error: p.lastError ?? null,
      errors_since_ok: p.errorsAfterOk,
    })
    .onConflict((oc) =>
      oc.columns(['platform', 'account_id', 'channel']).doUpdateSet((eb) => ({
        ...(p.lastOkAt ? { last_ok_at: p.lastOkAt } : {}),
        ...(p.lastErrorAt ? { last_error_at: p.lastErrorAt, last_error: p.lastError ?? null } : {}),
        errors_since_ok: p.resetsErrors
          ? p.errorsAfterOk
          : eb(eb.ref('audit_inbound_health.errors_since_ok'), '+', p.errorsAfterOk),
      })),
    )
    .execute();
}
