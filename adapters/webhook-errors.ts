import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { throttledWarn } from '../lib/log-throttle.ts';
import { healthReporter, type InboundHealthHook } from './inbound-health.ts';

/**
 * Inside a webhook scope: requests fastify refuses before a handler runs (unparsable JSON, body too
 * large) are logged with the platform (once a minute per status and code, with a count: anyone can
 * send them) and answered with their 4xx status; anything else is a 500.
 */
export function logRefusedRequests(
  scope: FastifyInstance,
  log: Logger,
  platform: string,
  onHealth?: InboundHealthHook,
  /** Whether an account id from the URL is one of ours; others are recorded without an account. */
  isKnownAccount: (id: string) => boolean = () => false,
): void {
  const warn = throttledWarn(log);
  const health = healthReporter(onHealth, platform, 'webhook');
  scope.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode !== undefined && err.statusCode >= 400 ? err.statusCode : 500;
    // Routing runs before the body is parsed, so the VK account id is known here — but it is whatever
    // the request's URL says: a made-up one must not get a health row of its own.
    const accountId = (req.params as { accountId?: unknown } | undefined)?.accountId;
    health.failed(
      typeof accountId === 'string' && isKnownAccount(accountId) ? accountId : null,
      `${status} ${err.code ?? 'refused'}`,
    );
    if (status < 500)
      warn(
        `${platform}|${status}|${err.code ?? ''}`,
        { platform, url: req.url.slice(0, 200), status, code: err.code },
        'webhook refused',
      );
    else log.error({ err, platform, url: req.url }, 'webhook failed');
    return reply
      .code(status)
      .type('text/plain')
      .send(status < 500 ? 'bad request' : 'internal error');
  });
}
