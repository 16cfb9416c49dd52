import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { z } from 'zod';
import { tgKey } from './redis-keys.ts';

const UpdateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export interface WebhookRouteDeps {
  readonly bot: Telegraf;
  readonly path: string;
  readonly secret: string | undefined;
  readonly redis: Redis;
  readonly prefix: string;
  readonly log: Logger;
}

/**
 * Webhook mode: `POST <path of TELEGRAM_WEBHOOK_URL>`. Checks Telegram's secret header, drops
 * redelivered updates by `update_id`, runs the bot's handlers, then answers 200. When Redis is
 * down it answers 503 and Telegram delivers the update again.
 */
export function telegramWebhookRoute(d: WebhookRouteDeps) {
  return (app: FastifyInstance): void => {
    app.post(d.path, async (req, reply) => {
      const header = req.headers['x-telegram-bot-api-secret-token'];
      if (d.secret !== undefined && (typeof header !== 'string' || !sameSecret(header, d.secret))) {
        d.log.warn({ ip: req.ip }, 'telegram webhook: wrong or missing secret token');
        return reply.code(403).send({ ok: false });
      }
      const parsed = UpdateSchema.safeParse(req.body);
      if (!parsed.success) {
        d.log.warn({ issue: parsed.error.issues[0]?.message }, 'telegram webhook: malformed update');
        return reply.code(400).send({ ok: false });
      }
      const id = parsed.data.update_id;
      let fresh: boolean;
      try {
        fresh = (await d.redis.set(tgKey(d.prefix, 'update', id), '1', 'EX', 86_400, 'NX')) === 'OK';
      } catch (err) {
        d.log.error({ err, updateId: id }, 'telegram webhook: redis unavailable; asking for redelivery');
        return reply.code(503).send({ ok: false });
      }
      if (!fresh) {
        d.log.info({ updateId: id }, 'telegram webhook: duplicate update dropped');
        return reply.send({ ok: true });
      }
      // Handler errors are logged by bot.catch; the update is not redelivered for them.
      await d.bot.handleUpdate(parsed.data as unknown as Update);
      return reply.send({ ok: true });
    });
  };
}

/**
 * Tells Telegram where to deliver updates, retrying every 30 s while Telegram is unreachable.
 * Updates wait on Telegram's side meanwhile; polling is not used in webhook mode.
 */
export function registerWebhook(
  bot: Telegraf,
  url: string,
  secret: string | undefined,
  log: Logger,
): { ready: Promise<void>; stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve) => {
    const attempt = () => {
      if (stopped) return resolve();
      bot.telegram
        .setWebhook(url, {
          ...(secret ? { secret_token: secret } : {}),
          allowed_updates: ['message', 'callback_query'],
        })
        .then(
          () => {
            log.info({ url }, 'telegram webhook registered');
            resolve();
          },
          (err: unknown) => {
            log.error(
              { err: err instanceof Error ? err.message : String(err), url },
              'setWebhook failed; retrying in 30 s',
            );
            resolve();
            timer = setTimeout(attempt, 30_000);
            timer.unref();
          },
        );
    };
    attempt();
  });
  return {
    ready,
    async stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
