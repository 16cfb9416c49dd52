import { readFile } from 'node:fs/promises';
import type { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { parseAccounts, resolveSecrets, type AccountRegistry } from '../config/accounts.ts';
import type { Config } from '../config/env.ts';
import { RuleSetHolder } from '../config/rules-loader.ts';
import { createPlatformActions } from '../adapters/platform-registry.ts';
import type { PlatformActions } from '../adapters/platform-actions.ts';
import { vkWebhookRoutes } from '../adapters/vk/vk-webhook.ts';
import { startReviewBot, telegramObservers, type ReviewBot } from '../bot/review-bot.ts';
import type { Platform } from '../core/comment.ts';
import { createHttpServer } from '../http/server.ts';
import { metricsRoute } from '../http/metrics-route.ts';
import { Metrics } from '../metrics/metrics.ts';
import { metricsObserver } from '../metrics/metrics-observer.ts';
import { CommentIntake } from '../queues/comment-intake.ts';
import { producerConnection, workerConnection } from '../queues/connections.ts';
import { logQueueErrors } from '../queues/log-errors.ts';
import { startActWorker } from '../workers/act-worker.ts';
import { startModerateWorker } from '../workers/moderate-worker.ts';
import { combineObservers, type ModerationObserver } from '../workers/moderation-observer.ts';
import { PipelineQueues } from '../workers/pipeline-queues.ts';

export interface StrazhOptions {
  readonly cfg: Config;
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  /** Extra observers (tests, the demo); the audit log is one too. */
  readonly observers?: readonly ModerationObserver[];
}

export interface Strazh {
  readonly accounts: AccountRegistry;
  readonly metrics: Metrics;
  readonly rules: RuleSetHolder;
  readonly intake: CommentIntake;
  readonly queues: PipelineQueues;
  readonly http: FastifyInstance;
  /** Address the HTTP server listens on, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** The Telegram review bot, when this process runs the `review` role with a token. */
  readonly reviewBot: ReviewBot | undefined;
  /** Stops taking work, lets jobs in flight finish, closes connections. */
  close(): Promise<void>;
}

/** Starts the daemon's parts that this process's `ROLES` ask for. */
export async function startStrazh(opts: StrazhOptions): Promise<Strazh> {
  const { cfg, log } = opts;
  const accounts = parseAccounts(cfg.ACCOUNTS_FILE, await readFile(cfg.ACCOUNTS_FILE, 'utf8'));
  const secrets = new Map(accounts.accounts.map((a) => [a.id, resolveSecrets(a, opts.env)]));
  const actions = new Map<string, PlatformActions>(
    accounts.accounts.map((a) => [a.id, createPlatformActions(a, secrets.get(a.id) ?? {})]),
  );
  const metrics = new Metrics();
  const rules = await RuleSetHolder.open(
    cfg.RULES_DIR,
    log,
    {},
    {
      onReload: () => metrics.ruleReloads.inc({ result: 'ok' }),
      onError: () => metrics.ruleReloads.inc({ result: 'failed' }),
    },
  );
  if (cfg.RULES_WATCH) rules.watch();

  const producer: Redis = producerConnection(cfg.REDIS_URL);
  const workerConn: Redis = workerConnection(cfg.REDIS_URL);
  logQueueErrors(producer, log, 'redis producer connection');
  logQueueErrors(workerConn, log, 'redis worker connection');
  const intake = new CommentIntake(producer, cfg, metrics);
  const queues = new PipelineQueues(producer, cfg);
  for (const q of [intake.queue, queues.review, ...queues.act.values()]) logQueueErrors(q, log, q.name);
  const observer = combineObservers([
    metricsObserver(metrics),
    ...telegramObservers(producer, cfg, log),
    ...(opts.observers ?? []),
  ]);

  const workers: Worker[] = [];
  if (cfg.ROLES.includes('moderate')) {
    workers.push(
      startModerateWorker({ cfg, connection: workerConn, log, rules, accounts, queues, observer }),
    );
  }
  if (cfg.ROLES.includes('act')) {
    const platforms = new Set<Platform>(accounts.accounts.map((a) => a.platform));
    for (const p of platforms) {
      workers.push(
        startActWorker(
          { cfg, connection: workerConn, log, observer, actionsFor: (id) => actions.get(id) },
          p,
        ),
      );
    }
  }

  let reviewBot: ReviewBot | undefined;
  if (cfg.ROLES.includes('review')) {
    if (!cfg.TELEGRAM_BOT_TOKEN || !cfg.TELEGRAM_REVIEW_CHAT_ID) {
      log.warn(
        { token: Boolean(cfg.TELEGRAM_BOT_TOKEN), chat: Boolean(cfg.TELEGRAM_REVIEW_CHAT_ID) },
        'review role: TELEGRAM_BOT_TOKEN or TELEGRAM_REVIEW_CHAT_ID not set; the Telegram bot is off and review items wait in Redis',
      );
    } else {
      try {
        reviewBot = await startReviewBot({
          cfg,
          accounts,
          queues,
          observer,
          redis: producer,
          workerConnection: workerConn,
          connect: () => workerConnection(cfg.REDIS_URL),
          log,
        });
      } catch (err) {
        // Release what already runs, so a failed start-up lets the process exit.
        rules.close();
        await Promise.all(workers.map((w) => w.close()));
        await Promise.all([intake.close(), queues.close()]);
        await Promise.all([producer.quit(), workerConn.quit()]);
        throw err;
      }
    }
  }

  // Every process serves /healthz and /metrics; only the `http` role takes webhooks.
  const http = createHttpServer({
    log,
    bodyLimit: cfg.HTTP_BODY_LIMIT,
    health: async () => {
      const redis = await producer.ping().then(
        () => true,
        () => false,
      );
      const running = [...workers, ...(reviewBot ? [reviewBot.worker] : [])].every((w) => w.isRunning());
      return { ok: redis && running, checks: { redis, workers: running, rules: rules.current.version } };
    },
    routes: [
      metricsRoute(metrics, () => [intake.queue, queues.review, ...queues.act.values()]),
      ...(cfg.ROLES.includes('http')
        ? [vkWebhookRoutes({ accounts, secrets: (id) => secrets.get(id) ?? {}, intake, log })]
        : []),
      // Webhook mode of the review bot: served wherever the bot runs.
      ...(reviewBot?.webhookRoute ? [reviewBot.webhookRoute] : []),
    ],
  });
  const url = await http.listen({ host: cfg.HTTP_HOST, port: cfg.HTTP_PORT });
  log.info({ url }, 'http server listening');
  log.info(
    { roles: cfg.ROLES, accounts: accounts.accounts.length, workers: workers.length },
    'strazh started',
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      log.info('shutting down: no new work, finishing jobs in flight');
      rules.close();
      await http.close();
      await reviewBot?.close();
      await Promise.all(workers.map((w) => w.close()));
      await intake.close();
      await queues.close();
      await Promise.all([producer.quit(), workerConn.quit()]);
      log.info('shut down cleanly');
    })();
    return closing;
  };
  return { accounts, metrics, rules, intake, queues, http, url, reviewBot, close };
}
