import type { Platform } from '../../core/comment.ts';
import { PlatformError } from '../platform-error.ts';

/** Graph API error body (`{"error":{...}}`). */
export interface GraphErrorBody {
  readonly message?: string;
  readonly type?: string;
  readonly code?: number;
  readonly error_subcode?: number;
  readonly fbtrace_id?: string;
}

// 4 app-level, 17 user-level, 32 Page-level, 613 "exceeded the rate limit", 80001/80002 Business Use Case.
const RATE_LIMITED = new Set([4, 17, 32, 613, 80001, 80002]);
// 1 unknown, 2 service temporarily unavailable.
const TRANSIENT = new Set([1, 2]);

/**
 * Maps a Graph API error to a typed platform error that steers the queue. `waitMs` is how long to
 * back off after a rate limit (from the usage headers, or the account's default).
 * An object that no longer exists (code 100, subcode 33) means the action's goal is reached.
 */
export function graphError(
  platform: Platform,
  httpStatus: number,
  e: GraphErrorBody | undefined,
  waitMs: number,
): PlatformError {
  const code = e?.code ?? httpStatus;
  const msg = e?.message ?? `HTTP ${httpStatus}`;
  if (e?.code !== undefined && RATE_LIMITED.has(e.code))
    return new PlatformError(platform, code, 'rate_limit', msg, waitMs);
  if (e?.code === 100 && e.error_subcode === 33) return new PlatformError(platform, code, 'gone', msg);
  if (e?.code === 190)
    return new PlatformError(platform, code, 'permanent', `token invalid or expired: ${msg}`);
  if (httpStatus >= 500 || httpStatus === 429 || (e?.code !== undefined && TRANSIENT.has(e.code)))
    return new PlatformError(platform, code, 'transient', msg);
  return new PlatformError(platform, code, 'permanent', msg);
}

/**
 * Minutes until access returns, from `X-Business-Use-Case-Usage` (Page tokens) — the largest
 * `estimated_time_to_regain_access` over all entries — or undefined when the header is absent or unparsable.
 */
export function regainAccessMs(header: string | null): number | undefined {
  if (!header) return undefined;
  try {
    const usage = JSON.parse(header) as Record<string, { estimated_time_to_regain_access?: number }[]>;
    let minutes = 0;
    for (const list of Object.values(usage)) {
      for (const u of Array.isArray(list) ? list : [])
        minutes = Math.max(minutes, u.estimated_time_to_regain_access ?? 0);
    }
    return minutes > 0 ? minutes * 60_000 : undefined;
  } catch {
    return undefined;
  }
}
