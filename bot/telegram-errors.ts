import { TelegramError } from 'telegraf';

/** How the bot reacts to a failed Bot API call. */
export type TgErrorKind =
  'retry_after' | 'not_modified' | 'message_gone' | 'bad_request' | 'forbidden' | 'server' | 'network';

/** Classifies an error thrown by telegraf's client. */
export function tgErrorKind(err: unknown): TgErrorKind {
  if (!(err instanceof TelegramError)) return 'network';
  const d = err.description.toLowerCase();
  if (err.code === 429) return 'retry_after';
  if (err.code === 400 && d.includes('message is not modified')) return 'not_modified';
  if (
    err.code === 400 &&
    (d.includes('message to edit not found') || d.includes('message to delete not found'))
  )
    return 'message_gone';
  if (err.code === 400) return 'bad_request';
  if (err.code === 401 || err.code === 403) return 'forbidden';
  return 'server';
}

/** The `retry_after` of a 429 in ms (telegraf does not retry sends itself); 5 s when absent. */
export function retryAfterMs(err: unknown): number {
  const s = err instanceof TelegramError ? err.parameters?.retry_after : undefined;
  return (typeof s === 'number' && s > 0 ? s : 5) * 1000;
}

/** A short description for logs. */
export function tgErrorText(err: unknown): string {
  return err instanceof TelegramError
    ? `${err.code} ${err.description}`
    : err instanceof Error
      ? err.message
      : String(err);
}
