import type { FastifyInstance } from 'fastify';
import type { AccountRegistry } from '../../config/accounts.ts';
import { healthReporter } from '../inbound-health.ts';
import { throttledWarn } from '../../lib/log-throttle.ts';
import { logRefusedRequests } from '../webhook-errors.ts';
import { ingestVkEvent, type VkIngestDeps } from './vk-ingest.ts';
import { VkEnvelopeSchema } from './vk-event.ts';

export interface VkWebhookDeps extends VkIngestDeps {
  readonly accounts: AccountRegistry;
  /** Secrets per account id (`callback_secret`, `callback_confirmation`), resolved at start-up. */
  readonly secrets: (accountId: string) => Readonly<Record<string, string>>;
}

/**
 * VK Callback API: `POST /webhooks/vk/:accountId`. The comment is queued before VK gets `ok`, so an
 * `ok` always means "safely in Redis"; if Redis is down VK gets a 503 and delivers again.
 * (vk-io's own webhook handler answers `ok` before its handlers run, which could lose a comment.)
 * Redeliveries (`X-Retry-Counter`) of an event already queued are answered `ok` and dropped.
 */
export function vkWebhookRoutes(deps: VkWebhookDeps) {
  return (app: FastifyInstance): void => {
    void app.register(async (scope) => vkRoute(scope, deps));
  };
}

function vkRoute(app: FastifyInstance, deps: VkWebhookDeps): void {
  logRefusedRequests(app, deps.log, 'vk', deps.onHealth, (id) => deps.accounts.get(id)?.platform === 'vk');
  const health = healthReporter(deps.onHealth, 'vk', 'webhook');
  // Anyone can post here: refusals are logged once a minute per kind and account, with a count.
  const warn = throttledWarn(deps.log);
  app.post<{ Params: { accountId: string } }>('/webhooks/vk/:accountId', async (req, reply) => {
    const account = deps.accounts.get(req.params.accountId);
    if (!account || account.platform !== 'vk') {
      warn('', { account: req.params.accountId.slice(0, 100) }, 'vk webhook: unknown account');
      return reply.code(404).type('text/plain').send('unknown account');
    }
    const env = VkEnvelopeSchema.safeParse(req.body);
    if (!env.success) {
      warn(
        account.id,
        { account: account.id, issue: env.error.issues[0]?.message },
        'vk webhook: malformed body',
      );
      health.failed(account.id, '400 malformed body');
      return reply.code(400).type('text/plain').send('bad request');
    }
    const secrets = deps.secrets(account.id);
    const secret = secrets.callback_secret;
    if (secret !== undefined && env.data.secret !== secret) {
      warn(account.id, { account: account.id }, 'vk webhook: wrong secret');
      health.failed(account.id, '403 wrong secret');
      return reply.code(403).type('text/plain').send('bad secret');
    }
    if (String(env.data.group_id) !== account.platform_ids.group_id) {
      warn(
        account.id,
        { account: account.id, groupId: env.data.group_id },
        'vk webhook: group id does not match account',
      );
      health.failed(account.id, `403 group ${env.data.group_id} is not this account's`);
      return reply.code(403).type('text/plain').send('wrong group');
    }
    if (env.data.type === 'confirmation') {
      const confirmation = secrets.callback_confirmation;
      if (!confirmation) return reply.code(500).type('text/plain').send('confirmation string not configured');
      return reply.type('text/plain').send(confirmation);
    }
    const retry = req.headers['x-retry-counter'];
    try {
      const result = await ingestVkEvent(deps, account.id, env.data);
      if (retry !== undefined)
        deps.log.info({ account: account.id, eventId: env.data.event_id, retry, result }, 'vk redelivery');
    } catch (err) {
      deps.log.error({ err, account: account.id, eventId: env.data.event_id }, 'vk webhook: could not queue');
      health.failed(account.id, '503 could not queue');
      return reply.code(503).type('text/plain').send('retry later');
    }
    health.ok(account.id);
    return reply.type('text/plain').send('ok');
  });
}
