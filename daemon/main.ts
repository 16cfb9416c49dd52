import { ConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/env.ts';
import { createLogger } from '../config/logger.ts';
import { startStrazh } from './app.ts';

// The one place that reads process.env.
async function main(): Promise<void> {
  let cfg;
  try {
    cfg = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`strazh: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(cfg.LOG_LEVEL);
  let app;
  try {
    app = await startStrazh({ cfg, env: process.env, log });
  } catch (err) {
    log.fatal({ err }, 'start-up failed');
    // Exit now: what start-up had already opened (Redis connections, the audit writer thread)
    // would otherwise keep a process that does nothing running, and a supervisor would never
    // learn that it failed. The logger writes synchronously, so the line above is out.
    process.exit(2);
  }
  const stop = (signal: string) => {
    log.info({ signal }, 'signal received');
    const timer = setTimeout(() => {
      log.error('shutdown timed out; exiting with jobs still in flight (they will be retried)');
      process.exit(1);
    }, cfg.SHUTDOWN_TIMEOUT_S * 1000);
    timer.unref();
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

await main();
