import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/env.ts';
import { createLogger } from '../../config/logger.ts';
import { startStrazh, type Strazh } from '../../daemon/app.ts';
import { TelegramEmulator, type TgMessage, type TgUser } from '../../emulators/telegram-emulator.ts';
import { VkEmulator } from '../../emulators/vk-emulator.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';

export const REDIS_URL = 'redis://127.0.0.1:6379';
export const GROUP = -1001234567890;
export const ACCOUNT = 'test-vk';
export const MOD_ANNA: TgUser = { id: 1001, first_name: 'Анна', username: 'anna' };
export const MOD_BORIS: TgUser = { id: 1002, first_name: 'Борис' };
export const STRANGER: TgUser = { id: 666, first_name: 'Посторонний' };
const TOKEN = '123456:TEST-TOKEN';
const WINDOW_MS = 1000;
const GROUP_MAX = 20;

export interface Harness {
  readonly tg: TelegramEmulator;
  readonly vk: VkEmulator;
  readonly prefix: string;
  app: Strazh;
  /** Stops the app and starts it again on the same Redis state (a bot restart). */
  restart(): Promise<void>;
  /** Cards (messages with decision buttons or a decision line) in a chat. */
  cards(chatId?: number): TgMessage[];
  close(): Promise<void>;
}

/**
 * Starts the whole daemon (moderate, act, review roles) against a Telegram emulator and a VK
 * emulator on real Redis, with the pacing window shrunk to 1 s (20 messages per second per group).
 */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const prefix = `test-tg-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tg = await new TelegramEmulator({
    token: TOKEN,
    pollCapMs: 300,
    limits: { windowMs: WINDOW_MS, groupMax: GROUP_MAX, chatMinIntervalMs: Math.floor(WINDOW_MS / 60) },
  }).start();
  const vk = await new VkEmulator({
    groupId: 100000001,
    communityToken: 'c-tok',
    userToken: 'u-tok',
  }).start();
  const dir = await mkdtemp(path.join(tmpdir(), 'strazh-tg-'));
  const accountsFile = path.join(dir, 'accounts.yaml');
  await writeFile(
    accountsFile,
    [
      'accounts:',
      `  - id: ${ACCOUNT}`,
      '    title: Администрация (тест)',
      '    platform: vk',
      '    mode: review',
      '    ban_days: 7',
      `    api_base_url: ${vk.apiBaseUrl}`,
      '    platform_ids: { group_id: 100000001 }',
      '    tokens: { community: T_VK_COMMUNITY, user: T_VK_USER }',
      '',
    ].join('\n'),
  );
  const cfg = loadConfig({
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    ROLES: 'moderate,act,review',
    HTTP_PORT: '0',
    ACCOUNTS_FILE: accountsFile,
    RULES_WATCH: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    RETRY_BASE_DELAY_MS: '100',
    ACT_ATTEMPTS: '2',
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_REVIEW_CHAT_ID: String(GROUP),
    TELEGRAM_MODERATOR_IDS: `${MOD_ANNA.id},${MOD_BORIS.id}`,
    TELEGRAM_RATE_WINDOW_MS: String(WINDOW_MS),
    TELEGRAM_GROUP_MESSAGES_PER_WINDOW: String(GROUP_MAX),
    ...env,
  });
  const log = createLogger(cfg.LOG_LEVEL, process.stderr);
  const start = () => startStrazh({ cfg, env: { T_VK_COMMUNITY: 'c-tok', T_VK_USER: 'u-tok' }, log });
  const h: Harness = {
    tg,
    vk,
    prefix,
    app: await start(),
    async restart() {
      await h.app.close();
      h.app = await start();
    },
    cards: (chatId = GROUP) =>
      tg
        .sentTo(chatId)
        .filter((m) => m.text.includes('Нужно решение') || m.text.includes('Проверка комментария')),
    async close() {
      await h.app.close();
      await tg.close();
      await vk.close();
      await deletePrefix(REDIS_URL, prefix);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** The callback data of the button whose label starts with `label` on a card. */
export function button(card: TgMessage, label: string): string {
  const b = (card.keyboard ?? []).flat().find((x) => x.text.includes(label));
  if (!b?.callback_data) throw new Error(`no button «${label}» on card ${card.messageId}`);
  return b.callback_data;
}
