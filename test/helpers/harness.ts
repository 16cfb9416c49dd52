import path from 'node:path';
import { loadConfig, type Config } from '../../config/env.ts';
import { startStrazh, type Strazh } from '../../daemon/app.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import type { ModerationObserver } from '../../workers/moderation-observer.ts';
import { captureLogger } from './log-capture.ts';
import { VK_TOKENS, vkFixture } from './vk-fixture.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const uniquePrefix = (name: string): string =>
  `strazh-test-${name}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** Settings for a test daemon: fast retries and crash detection, a private queue prefix. */
export function testEnv(
  name: string,
  accountsFile: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    REDIS_URL,
    QUEUE_PREFIX: uniquePrefix(name),
    HTTP_PORT: '0',
    ACCOUNTS_FILE: accountsFile,
    // The audit database lives in the test's temp folder, next to its accounts file.
    DATABASE_URL: `sqlite:${path.join(path.dirname(accountsFile), 'audit.db')}`,
    RULES_WATCH: 'false',
    RETRY_BASE_DELAY_MS: '50',
    ACT_MAX_PER_SECOND: '1000',
    WORKER_LOCK_MS: '2000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    ...VK_TOKENS,
    ...extra,
  };
}

export interface Harness {
  app: Strazh;
  cfg: Config;
  vk: Awaited<ReturnType<typeof vkFixture>>['vk'];
  lines: ReturnType<typeof captureLogger>['lines'];
  stop(): Promise<void>;
}

/** Starts a whole in-process daemon against a VK emulator and a private queue prefix. */
export async function startHarness(
  name: string,
  opts: {
    mode?: 'enforce' | 'review' | 'shadow';
    env?: Record<string, string>;
    observers?: ModerationObserver[];
    /** Fixes the appeal register's clock. */
    appealsNow?: () => Date;
  } = {},
): Promise<Harness> {
  const fx = await vkFixture(opts.mode ?? 'enforce');
  const env = testEnv(name, fx.accountsFile, opts.env);
  const cfg = loadConfig(env);
  const { log, lines } = captureLogger();
  const app = await startStrazh({
    cfg,
    env,
    log,
    observers: opts.observers ?? [],
    appealsNow: opts.appealsNow,
  });
  return {
    app,
    cfg,
    vk: fx.vk,
    lines,
    async stop() {
      await app.close();
      await fx.cleanup();
      await deletePrefix(cfg.REDIS_URL, cfg.QUEUE_PREFIX).catch(() => 0);
    },
  };
}

/** Polls `check` until it returns true or the time runs out. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
