import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventDedupe } from '../../adapters/event-dedupe.ts';
import { CursorStore } from '../../adapters/cursor-store.ts';
import { createWebhookRoutes } from '../../adapters/platform-registry.ts';
import { parseAccounts } from '../../config/accounts.ts';
import { loadConfig } from '../../config/env.ts';
import { createLogger } from '../../config/logger.ts';
import {
  facebookPayloads as fb,
  GraphEmulator,
  instagramPayloads as ig,
} from '../../emulators/graph-emulator.ts';
import { VkEmulator } from '../../emulators/vk-emulator.ts';
import { createHttpServer } from '../../http/server.ts';
import { CommentIntake } from '../../queues/comment-intake.ts';
import { producerConnection } from '../../queues/connections.ts';
import { freePort } from '../../scripts/lib/local-redis.ts';

const accounts = parseAccounts(
  'a.yaml',
  `accounts:
  - id: vk1
    title: t
    platform: vk
    platform_ids: { group_id: 5 }
    tokens: { community: C, user: U }
  - id: fb1
    title: t
    platform: facebook
    platform_ids: { page_id: 6 }
    tokens: { access_token: T, app_secret: S, verify_token: V }
  - id: ig1
    title: t
    platform: instagram
    platform_ids: { ig_user_id: 7 }
    tokens: { access_token: T, app_secret: S, verify_token: V }
`,
);
const secrets = { C: 'c', U: 'u', T: 't', S: 'app-secret', V: 'v' };
const byRole = (id: string) => {
  const a = accounts.get(id)!;
  return Object.fromEntries(
    Object.entries(a.tokens).map(([role, name]) => [role, secrets[name as keyof typeof secrets]]),
  );
};

describe('webhooks while Redis is unreachable', () => {
  let app: FastifyInstance;
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const dead = producerConnection(`redis://127.0.0.1:${await freePort()}`, { connectTimeout: 200 });
    dead.on('error', () => undefined);
    const cfg = loadConfig({ QUEUE_PREFIX: 'never-used' });
    const intake = new CommentIntake(dead, cfg, undefined, 500);
    const log = createLogger('silent');
    app = createHttpServer({
      log,
      bodyLimit: 1_000_000,
      health: async () => ({ ok: true, checks: {} }),
      routes: createWebhookRoutes({
        accounts,
        secrets: byRole,
        intake,
        dedupe: new EventDedupe(dead, 'x', 60),
        cursors: new CursorStore(dead, 'x'),
        log,
      }),
    });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    close = async () => {
      await app.close();
      dead.disconnect();
      await intake.close().catch(() => undefined);
    };
  });
  afterAll(() => close());

  // Regression: BullMQ waits for a connection without limit, so the Meta webhooks used to hang here.
  it('VK gets 503, not ok, so it delivers again', async () => {
    const vk = new VkEmulator({ groupId: 5, communityToken: 'c', userToken: 'u' });
    const r = await VkEmulator.deliver(
      `${url}/webhooks/vk/vk1`,
      vk.wallReply({ id: 1, fromId: 2, text: 'x' }),
    );
    expect(r).toEqual({ status: 503, body: 'retry later' });
  });

  it('Facebook and Instagram get 503, not 200', async () => {
    const f = fb.notification([
      { pageId: '6', changes: [fb.comment({ pageId: '6', commentId: '1_1', fromId: '2', message: 'x' })] },
    ]);
    expect((await GraphEmulator.deliver(`${url}/webhooks/facebook`, f, 'app-secret')).status).toBe(503);
    const i = ig.notification('7', [ig.comment({ id: '1', fromId: '2', text: 'x' })]);
    expect((await GraphEmulator.deliver(`${url}/webhooks/instagram`, i, 'app-secret')).status).toBe(503);
  });
});
