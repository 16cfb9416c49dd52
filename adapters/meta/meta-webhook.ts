import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { healthReporter, type InboundHealthHook } from '../inbound-health.ts';
import { throttledWarn } from '../../lib/log-throttle.ts';
import { logRefusedRequests } from '../webhook-errors.ts';
import { verifyHubSignature } from './hub-signature.ts';
import { MetaNotificationSchema, type MetaNotification } from './meta-payload.ts';

/** What a handler answers after a notification passed the signature and schema checks. */
export interface MetaHandled {
  readonly status: 200 | 404 | 503;
  readonly text: string;
}

export interface MetaWebhookOptions {
  /** e.g. `/webhooks/facebook`. */
  readonly path: string;
  /** `page` for Facebook, `instagram` for Instagram. */
  readonly object: string;
  readonly verifyTokens: readonly string[];
  readonly appSecrets: readonly string[];
  readonly log: Logger;
  readonly handle: (n: MetaNotification) => Promise<MetaHandled>;
  /** Deliveries that worked or failed; one endpoint serves every account, so no account id. */
  readonly onHealth?: InboundHealthHook;
}

const text = (reply: FastifyReply, status: number, body: string) =>
  reply.code(status).type('text/plain').send(body);

/**
 * A Meta webhook endpoint: `GET` answers the `hub.verify_token` handshake with `hub.challenge`;
 * `POST` checks `X-Hub-Signature-256` over the raw body bytes (kept by the server's JSON parser)
 * before the body is looked at. Bad signature → 403, malformed or non-JSON body → 400; all logged
 * and nothing queued.
 */
export function metaWebhookRoutes(opts: MetaWebhookOptions) {
  return (app: FastifyInstance): void => {
    void app.register(async (scope) => {
      const platform = opts.object === 'page' ? 'facebook' : opts.object;
      logRefusedRequests(scope, opts.log, platform, opts.onHealth);
      const health = healthReporter(opts.onHealth, platform, 'webhook');
      // Anyone can post here: refusals are logged once a minute per kind, with a count.
      const warn = throttledWarn(opts.log);

      scope.get<{ Querystring: Record<string, string | undefined> }>(opts.path, async (req, reply) => {
        const q = req.query;
        const token = q['hub.verify_token'];
        const challenge = q['hub.challenge'];
        if (q['hub.mode'] !== 'subscribe' || !token || !challenge || !opts.verifyTokens.includes(token)) {
          warn(
            '',
            { path: opts.path, mode: q['hub.mode']?.slice(0, 50) },
            'meta webhook: verification refused',
          );
          return text(reply, 403, 'forbidden');
        }
        opts.log.info({ path: opts.path }, 'meta webhook: subscription verified');
        return text(reply, 200, challenge);
      });

      scope.post(opts.path, async (req, reply) => {
        // The server's strict JSON parser keeps the exact bytes received (http/strict-json.ts).
        const raw = req.rawBody;
        if (!raw) {
          warn('', { path: opts.path }, 'meta webhook: no JSON body');
          return text(reply, 400, 'bad request');
        }
        const sig = req.headers['x-hub-signature-256'];
        if (!verifyHubSignature(raw, typeof sig === 'string' ? sig : undefined, opts.appSecrets)) {
          warn('', { path: opts.path, bytes: raw.length }, 'meta webhook: bad signature');
          health.failed(null, '403 bad signature');
          return text(reply, 403, 'bad signature');
        }
        const parsed = MetaNotificationSchema.safeParse(req.body);
        if (!parsed.success || parsed.data.object !== opts.object) {
          warn(
            '',
            { path: opts.path, issue: parsed.error?.issues[0]?.message ?? `object is not ${opts.object}` },
            'meta webhook: malformed body',
          );
          health.failed(null, '400 malformed body');
          return text(reply, 400, 'bad request');
        }
        const r = await opts.handle(parsed.data);
        if (r.status === 200) health.ok(null);
        else if (r.status === 503) health.failed(null, '503 could not queue');
        return text(reply, r.status, r.text);
      });
    });
  };
}
