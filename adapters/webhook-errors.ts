import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/**
 * Inside a webhook scope: requests fastify refuses before a handler runs (unparsable JSON, body too
 * large) are logged with the platform and answered with their 4xx status; anything else is a 500.
 */
export function logRefusedRequests(scope: FastifyInstance, log: Logger, platform: string): void {
  scope.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode !== undefined && err.statusCode >= 400 ? err.statusCode : 500;
    if (status < 500) log.warn({ platform, url: req.url, status, code: err.code }, 'webhook refused');
    else log.error({ err, platform, url: req.url }, 'webhook failed');
    return reply
      .code(status)
      .type('text/plain')
      .send(status < 500 ? 'bad request' : 'internal error');
  });
}
