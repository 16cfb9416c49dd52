import type { OkComment } from './ok-event.ts';

/**
 * When an OK comment was written, as ISO. `date_ms` when present; otherwise `date`
 * ("2025-01-01 12:00:00"), which is Moscow time; otherwise when we received it.
 */
export function okCommentTime(c: OkComment, fallbackMs: number): string {
  if (c.date_ms !== undefined) return new Date(c.date_ms).toISOString();
  if (c.date && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(c.date)) {
    const d = new Date(`${c.date.replace(' ', 'T')}+03:00`);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  return new Date(fallbackMs).toISOString();
}
