import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.ts';
import { createLogger } from '../../config/logger.ts';
import { startStrazh } from '../../daemon/app.ts';
import { TelegramEmulator } from '../../emulators/telegram-emulator.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';

describe('review role wiring', () => {
  let dir: string;
  let accountsFile: string;
  const prefix = `test-tgw-${process.pid}`;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'strazh-tgw-'));
    accountsFile = path.join(dir, 'accounts.yaml');
    await writeFile(
      accountsFile,
      'accounts:\n  - id: w-vk\n    title: T\n    platform: vk\n    platform_ids: { group_id: 1 }\n    tokens: { community: W_C, user: W_U }\n',
    );
  });
  afterAll(async () => {
    await deletePrefix(REDIS_URL, prefix);
    await rm(dir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string>) => {
    const lines: string[] = [];
    const sink = new PassThrough();
    sink.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    const cfg = loadConfig({
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      ROLES: 'review',
      HTTP_PORT: '0',
      ACCOUNTS_FILE: accountsFile,
      RULES_WATCH: 'false',
      LOG_LEVEL: 'info',
      ...env,
    });
    const log = createLogger('info', sink);
    return { lines, run: () => startStrazh({ cfg, env: { W_C: 'c', W_U: 'u' }, log }) };
  };

  it('without a token the bot is off and the log says so', async () => {
    const s = await start({});
    const app = await s.run();
    expect(app.reviewBot).toBeUndefined();
    await app.close();
    expect(s.lines.some((l) => l.includes('the Telegram bot is off'))).toBe(true);
  });

  it('a token Telegram rejects stops start-up with a clear error', async () => {
    const tg = await new TelegramEmulator({ token: '1:RIGHT' }).start();
    try {
      const s = await start({
        TELEGRAM_BOT_TOKEN: '1:WRONG',
        TELEGRAM_API_ROOT: tg.apiRoot,
        TELEGRAM_REVIEW_CHAT_ID: '-100',
      });
      await expect(s.run()).rejects.toThrow('Telegram rejected TELEGRAM_BOT_TOKEN');
    } finally {
      await tg.close();
    }
  });
});
