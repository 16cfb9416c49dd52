import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { InboundHealthHook } from './inbound-health.ts';

/**
 * Inside a webhook scope: requests fastify refuses before a handler runs (unparsable JSON, body too
 * large) are logged with the platform and answered with their 4xx status; anything else is a 500.
 */
export function logRefusedRequests(
  scope: FastifyInstance,
  log: Logger,
  platform: string,
  onHealth?: InboundHealthHook,
): void {
  scope.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode !== undefined && err.statusCode >= 400 ? err.statusCode : 500;
    // Routing runs before the body is parsed, so the VK account id is known here.
    const accountId = (req.params as { accountId?: unknown } | undefined)?.accountId;
    onHealth?.({
      platform,
      accountId: typeof accountId === 'string' ? accountId : null,
      channel: 'webhook',
      ok: false,
      problem: `${status} ${err.code ?? 'refused'}`,
      at: new Date(),
    });
    if (status < 500) log.warn({ platform, url: req.url, status, code: err.code }, 'webhook refused');
    else log.error({ err, platform, url: req.url }, 'webhook failed');
    return reply
      .code(status)
      .type('text/plain')
      .send(status < 500 ? 'bad request' : 'internal error');
  });
}
