import type { Logger } from 'pino';

interface ErrorEmitter {
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/**
 * Logs a queue's connection errors at most once per `everyMs` (while Redis is down ioredis reports
 * every reconnect attempt; one line per attempt would flood the log). Without a listener BullMQ writes
 * each error to stderr itself.
 */
export function logQueueErrors(emitter: ErrorEmitter, log: Logger, what: string, everyMs = 5000): void {
  let last = 0;
  let suppressed = 0;
  emitter.on('error', (err) => {
    const now = Date.now();
    if (now - last < everyMs) {
      suppressed += 1;
      return;
    }
    log.warn({ err: err.message, queue: what, suppressed }, 'queue connection error');
    last = now;
    suppressed = 0;
  });
}
