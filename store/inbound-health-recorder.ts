import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { InboundHealthEvent, InboundHealthHook } from '../adapters/inbound-health.ts';
import type { AuditDatabase } from './schema.ts';

/**
 * Keeps in the audit database, per account and channel, when deliveries last worked and when and how
 * they last failed, so `npm run report` (another process) can tell a quiet page from a broken one.
 * Successes are written at most once per `minIntervalMs` per source (a busy webhook must not write
 * on every comment), but always right after a failure; failures are always written.
 */
export class InboundHealthRecorder {
  readonly #lastOkWrite = new Map<string, number>();

  constructor(
    private readonly db: Kysely<AuditDatabase>,
    private readonly log: Logger,
    private readonly minIntervalMs = 60_000,
  ) {}

  /** The hook for the adapters: never throws, never blocks them. */
  readonly hook: InboundHealthHook = (e) => {
    void this.record(e).catch((err: unknown) =>
      this.log.warn({ err, platform: e.platform, account: e.accountId }, 'inbound health not recorded'),
    );
  };

  /** Writes one event (subject to the success throttle). */
  async record(e: InboundHealthEvent): Promise<void> {
    const key = `${e.platform}|${e.accountId ?? ''}|${e.channel}`;
    const at = e.at.toISOString();
    const source = { platform: e.platform, account_id: e.accountId ?? '', channel: e.channel };
    if (e.ok) {
      const last = this.#lastOkWrite.get(key);
      if (last !== undefined && e.at.getTime() - last < this.minIntervalMs) return;
      this.#lastOkWrite.set(key, e.at.getTime());
      await this.db
        .insertInto('audit_inbound_health')
        .values({ ...source, last_ok_at: at, last_error_at: null, last_error: null, errors_since_ok: 0 })
        .onConflict((oc) =>
          oc
            .columns(['platform', 'account_id', 'channel'])
            .doUpdateSet({ last_ok_at: at, errors_since_ok: 0 }),
        )
        .execute();
      return;
    }
    // The next success must be written at once, or the failure would look current for a minute.
    this.#lastOkWrite.delete(key);
    const problem = (e.problem ?? 'failed').slice(0, 500);
    await this.db
      .insertInto('audit_inbound_health')
      .values({ ...source, last_ok_at: null, last_error_at: at, last_error: problem, errors_since_ok: 1 })
      .onConflict((oc) =>
        oc.columns(['platform', 'account_id', 'channel']).doUpdateSet((eb) => ({
          last_error_at: at,
          last_error: problem,
          errors_since_ok: eb(eb.ref('audit_inbound_health.errors_since_ok'), '+', 1),
        })),
      )
      .execute();
  }
}
