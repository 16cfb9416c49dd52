import type { InboundHealthEvent } from '../adapters/inbound-health.ts';

/** Where deliveries come from: one row of `audit_inbound_health`. */
export interface HealthSource {
  readonly platform: string;
  readonly account_id: string;
  readonly channel: string;
}

/** What a run of events changes in one source's row. */
export interface HealthPatch {
  readonly source: HealthSource;
  /** The latest success of the run, if any. */
  readonly lastOkAt?: string;
  /** The latest failure of the run and its problem, if any. */
  readonly lastErrorAt?: string;
  readonly lastError?: string;
  /** Failures after the run's latest success (all of them when it had none). */
  readonly errorsAfterOk: number;
  /** True when the run had a success: the stored count of errors since the last success restarts. */
  readonly resetsErrors: boolean;
}

export const healthKey = (s: HealthSource): string => `${s.platform}|${s.account_id}|${s.channel}`;

export const healthSource = (e: InboundHealthEvent): HealthSource => ({
  platform: e.platform,
  account_id: e.accountId ?? '',
  channel: e.channel,
});

/**
 * Folds events, in the order they happened, into one patch per source, so a flood of failed
 * deliveries (a forged secret sent 100,000 times) costs one database write per source and flush,
 * not one per request. Pure.
 */
export function foldHealthEvents(events: readonly InboundHealthEvent[]): HealthPatch[] {
  const bySource = new Map<string, { -readonly [K in keyof HealthPatch]: HealthPatch[K] }>();
  for (const e of events) {
    const source = healthSource(e);
    const key = healthKey(source);
    let p = bySource.get(key);
    if (!p) bySource.set(key, (p = { source, errorsAfterOk: 0, resetsErrors: false }));
    const at = e.at.toISOString();
    if (e.ok) {
      p.lastOkAt = at;
      p.errorsAfterOk = 0;
      p.resetsErrors = true;
    } else {
      p.lastErrorAt = at;
      p.lastError = (e.problem ?? 'failed').slice(0, 500);
      p.errorsAfterOk += 1;
    }
  }
  return [...bySource.values()];
}
