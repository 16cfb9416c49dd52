import { pino, type Logger } from 'pino';

/** Fields that may carry secrets; pino replaces them before a line is written. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'secret',
  '*.secret',
  'secrets',
  '*.secrets',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-hub-signature-256"]',
  'config.TELEGRAM_BOT_TOKEN',
  'config.TELEGRAM_WEBHOOK_SECRET',
  'config.REDIS_URL',
  'config.DATABASE_URL',
];

/** The process logger: JSON lines on stdout, secrets redacted. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const opts = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'strazh' } };
  return destination ? pino(opts, destination as pino.DestinationStream) : pino(opts);
}

/** Strips a password from a connection URL before it is logged. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparsable url]';
  }
}

export type { Logger };
