import { PlatformError } from '../platform-error.ts';

/** OK REST error body: `{"error_code":104,"error_msg":"PARAM_SIGNATURE : …","error_data":null}`. */
export interface OkErrorBody {
  readonly error_code: number;
  readonly error_msg?: string;
}

// Codes beyond 100 and 104 follow OK's published table but were not confirmed against the live API.
const RATE_LIMITED = new Set([8, 11]); // FLOOD_BLOCKED, LIMIT_REACHED
const TRANSIENT = new Set([1, 2]); // UNKNOWN, SERVICE
const GONE = new Set([300]); // NOT_FOUND

/**
 * Maps an OK API error to a typed platform error that steers the queue. 104 (bad signature) and 100
 * (bad parameter) are permanent: retrying the same request cannot help.
 */
export function okError(e: OkErrorBody, rateLimitWaitMs = 60_000): PlatformError {
  const msg = e.error_msg ?? 'unknown';
  if (RATE_LIMITED.has(e.error_code))
    return new PlatformError('ok', e.error_code, 'rate_limit', msg, rateLimitWaitMs);
  if (TRANSIENT.has(e.error_code)) return new PlatformError('ok', e.error_code, 'transient', msg);
  if (GONE.has(e.error_code)) return new PlatformError('ok', e.error_code, 'gone', msg);
  return new PlatformError('ok', e.error_code, 'permanent', msg);
}
