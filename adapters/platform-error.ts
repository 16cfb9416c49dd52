import type { Platform } from '../core/comment.ts';
import type { ActionStep } from '../queues/payloads.ts';

/**
 * How the queue should treat a failed platform call:
 * - `rate_limit`: wait `retryAfterMs`, then retry (does not burn an attempt's backoff);
 * - `transient`: retry with exponential backoff;
 * - `permanent`: no retry; the job goes to the failed (dead-letter) state and someone is told;
 * - `gone`: the target no longer exists (already deleted) — the action counts as done.
 */
export type PlatformErrorKind = 'rate_limit' | 'transient' | 'permanent' | 'gone';

export class PlatformError extends Error {
  constructor(
    readonly platform: Platform,
    readonly code: number | string,
    readonly kind: PlatformErrorKind,
    message: string,
    readonly retryAfterMs?: number,
    /** A combined action's steps that went through before this error (adapters/step-memo.ts). */
    readonly stepsDone: readonly ActionStep[] = [],
  ) {
    super(`${platform} error ${code}: ${message}`);
    this.name = 'PlatformError';
  }
}

/** Network-level failures (connection refused, reset, timeout) are worth retrying. */
export function networkError(platform: Platform, err: unknown): PlatformError {
  const msg = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string } | null)?.code ?? 'network';
  return new PlatformError(platform, code, 'transient', msg);
}
