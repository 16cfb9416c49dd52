/**
 * A Graph `created_time` as an ISO string: unix seconds (a number, or digits in a string, as some
 * captures have it) or an ISO-like string; `fallbackMs` (when the webhook arrived) for anything else.
 * Pure: a malformed time must not throw a whole delivery's comments away.
 */
export function graphTime(t: number | string | undefined, fallbackMs: number): string {
  const d =
    typeof t === 'number'
      ? new Date(t * 1000)
      : typeof t === 'string'
        ? new Date(/^\d+$/.test(t) ? Number(t) * 1000 : t)
        : undefined;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : new Date(fallbackMs).toISOString();
}
