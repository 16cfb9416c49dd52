import type { Logger } from 'pino';
import { TelegramError, type Telegraf } from 'telegraf';
import { tgErrorText } from './telegram-errors.ts';

/**
 * Keeps long polling alive: telegraf's `launch()` rejects on 401/409 and network failures at start;
 * a 409 (another poller, e.g. an old process still running) or an outage is retried every 5 s,
 * a revoked token (401) stops polling with a fatal log line. Cards keep waiting in Redis meanwhile.
 */
export function superviseTelegramPolling(
  bot: Telegraf,
  log: Logger,
): { ready: Promise<void>; stop(): Promise<void> } {
  let stopping = false;
  let wake: () => void = () => undefined;
  let launched: () => void = () => undefined;
  const ready = new Promise<void>((r) => (launched = r));
  const loop = (async () => {
    while (!stopping) {
      try {
        await bot.launch({ dropPendingUpdates: false }, () => launched());
        if (stopping) return;
        log.error('telegram polling ended unexpectedly; restarting in 5 s');
      } catch (err) {
        launched();
        if (stopping) return;
        if (err instanceof TelegramError && err.code === 401) {
          log.fatal({ err: tgErrorText(err) }, 'telegram rejected the bot token; review bot polling stopped');
          return;
        }
        log.error({ err: tgErrorText(err) }, 'telegram polling failed; restarting in 5 s');
      }
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 5000).unref();
      });
    }
  })();
  return {
    ready,
    async stop() {
      stopping = true;
      wake();
      try {
        bot.stop('shutdown');
      } catch {
        // Not polling at this moment (between retries).
      }
      await loop;
    },
  };
}
