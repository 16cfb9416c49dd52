import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { registerStrictJson } from './strict-json.ts';

export interface HealthReport {
  readonly ok: boolean;
  readonly checks: Readonly<Record<string, boolean | string>>;
}

export interface HttpDeps {
  readonly log: Logger;
  readonly bodyLimit: number;
  readonly health: () => Promise<HealthReport>;
  /** Route plugins contributed by the adapters (webhooks) and others (metrics). */
  readonly routes: readonly ((app: FastifyInstance) => void)[];
}

/**
 * The daemon's HTTP face: `GET /healthz` and the adapters' webhook routes. Request logging is off:
 * one info line per webhook would cost more than the moderation itself; adapters log what matters.
 */
export function createHttpServer(deps: HttpDeps): FastifyInstance {
  const httpLog: FastifyBaseLogger = deps.log.child({ component: 'http' });
  const app: FastifyInstance = Fastify({
    loggerInstance: httpLog,
    logController: new LogController({ disableRequestLogging: true }),
    // Fastify's per-request child logger serialises its bindings for every webhook (about 1 % of the
    // daemon's allocations at 1,000 comments/s); handlers log through the daemon's logger with their
    // own context, so Fastify's own error lines lose only the request id.
    childLoggerFactory: (logger) => logger,
    bodyLimit: deps.bodyLimit,
    return503OnClosing: true,
  });
  app.removeContentTypeParser('application/json');
  registerStrictJson(app);
  app.get('/healthz', async (_req, reply) => {
    const report = await deps.health();
    return reply.code(report.ok ? 200 : 503).send(report);
  });
  for (const register of deps.routes) register(app);
  return app;
}
