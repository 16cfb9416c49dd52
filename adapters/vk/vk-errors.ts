import { PlatformError } from '../platform-error.ts';

export interface VkErrorBody {
  readonly error_code: number;
  readonly error_msg?: string;
}

// VK error codes and what the queue should do about them.
const RATE_LIMITED = new Set([6, 9, 29]);
const TRANSIENT = new Set([1, 10]);

/**
 * Maps a VK API error to a typed platform error that steers the queue. Error 6 (too many requests
 * per second) waits just over a second; flood control (9) and the rate limit (29) wait `floodWaitMs`.
 */
export function vkError(e: VkErrorBody, floodWaitMs = 60_000): PlatformError {
  const msg = e.error_msg ?? 'unknown';
  if (RATE_LIMITED.has(e.error_code)) {
    // 6: too many requests per second; 9/29: flood control and rate limit — back off longer.
    const waitMs = e.error_code === 6 ? 1200 : floodWaitMs;
    return new PlatformError('vk', e.error_code, 'rate_limit', msg, waitMs);
  }
  if (TRANSIENT.has(e.error_code)) return new PlatformError('vk', e.error_code, 'transient', msg);
  // 5 bad token, 7/15/203/211 no permission, 100 bad parameter, 27 community token where a user token is needed, 14 captcha…
  return new PlatformError('vk', e.error_code, 'permanent', msg);
}
