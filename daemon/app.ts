import { readFile } from 'node:fs/promises';
import type { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { parseAccounts, resolveSecrets, type AccountRegistry } from '../config/accounts.ts';
import type { Config } from '../config/env.ts';
import { loadModelAssets } from '../config/model-assets.ts';
import { RuleSetHolder } from '../config/rules-loader.ts';
import { EventDedupe } from '../adapters/event-dedupe.ts';
import { CursorStore } from '../adapters/cursor-store.ts';
import { createPlatformActions, createPollers, createWebhookRoutes } from '../adapters/platform-registry.ts';
import type { PlatformActions } from '../adapters/platform-actions.ts';
import type { Poller } from '../adapters/poller.ts';
import { RedisStepMemo } from '../adapters/step-memo.ts';
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
import { RedisRepeatSignals } from '../workers/repeat-signal.ts';

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
  /** Action clients per account id (also count the account's own posts for clause 2.2). */
  readonly actions: ReadonlyMap<string, PlatformActions>;
  readonly http: FastifyInstance;
  /** Address the HTTP server listens on, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Stops taking work, lets jobs in flight finish, closes connections. */
  close(): Promise<void>;
}

/** Starts the daemon's parts that this process's `ROLES` ask for. */
export async function startStrazh(opts: StrazhOptions): Promise<Strazh> {
  const { cfg, log } = opts;
  const accounts = parseAccounts(cfg.ACCOUNTS_FILE, await readFile(cfg.ACCOUNTS_FILE, 'utf8'));
  const secrets = new Map(accounts.accounts.map((a) => [a.id, resolveSecrets(a, opts.env)]));
  const producer: Redis = producerConnection(cfg.REDIS_URL);
  const dedupeTtlS = cfg.DEDUPE_TTL_HOURS * 3600;
  const memo = new RedisStepMemo(producer, cfg.QUEUE_PREFIX, dedupeTtlS);
  const actions = new Map<string, PlatformActions>(
    accounts.accounts.map((a) => [a.id, createPlatformActions(a, secrets.get(a.id) ?? {}, memo)]),
  );
  const metrics = new Metrics();
  const rules = await RuleSetHolder.open(cfg.RULES_DIR, log, await loadModelAssets(cfg.MODELS_DIR), {
    onReload: () => metrics.ruleReloads.inc({ result: 'ok' }),
    onError: () => metrics.ruleReloads.inc({ result: 'failed' }),
  });
  if (cfg.RULES_WATCH) rules.watch();

  const workerConn: Redis = workerConnection(cfg.REDIS_URL);
  logQueueErrors(producer, log, 'redis producer connection');
  logQueueErrors(workerConn, log, 'redis worker connection');
  const intake = new CommentIntake(producer, cfg, metrics);
  const queues = new PipelineQueues(producer, cfg);
  for (const q of [intake.queue, queues.review, ...queues.act.values()]) logQueueErrors(q, log, q.name);
  const observer = combineObservers([metricsObserver(metrics), ...(opts.observers ?? [])]);
  const signals = new RedisRepeatSignals(
    producer,
    {
      prefix: cfg.QUEUE_PREFIX,
      windowSeconds: cfg.REPEAT_WINDOW_HOURS * 3600,
      historySize: cfg.REPEAT_HISTORY,
      similarity: cfg.REPEAT_SIMILARITY,
    },
    log,
  );
  const inbound = {
    accounts,
    secrets: (id: string) => secrets.get(id) ?? {},
    intake,
    dedupe: new EventDedupe(producer, cfg.QUEUE_PREFIX, dedupeTtlS),
    cursors: new CursorStore(producer, cfg.QUEUE_PREFIX),
    log,
    onAccountPost: (e: Parameters<NonNullable<ModerationObserver['onAccountPost']>>[0]) =>
      observer.onAccountPost?.(e) ?? Promise.resolve(),
  };

  const workers: Worker[] = [];
  if (cfg.ROLES.includes('moderate')) {
    workers.push(
      startModerateWorker({ cfg, connection: workerConn, log, rules, accounts, queues, observer, signals }),
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

  const pollers: Poller[] = cfg.ROLES.includes('poll') ? createPollers(inbound) : [];
  // Every process serves /healthz and /metrics; only the `http` role takes webhooks.
  const http = createHttpServer({
    log,
    bodyLimit: cfg.HTTP_BODY_LIMIT,
    health: async () => {
      const redis = await producer.ping().then(
        () => true,
        () => false,
      );
      const running = workers.every((w) => w.isRunning());
      const polling = pollers.every((p) => p.healthy());
      return {
        ok: redis && running && polling,
        checks: { redis, workers: running, pollers: polling, rules: rules.current.version },
      };
    },
    routes: [
      metricsRoute(metrics, () => [intake.queue, queues.review, ...queues.act.values()]),
      ...(cfg.ROLES.includes('http') ? createWebhookRoutes(inbound) : []),
    ],
  });
  const url = await http.listen({ host: cfg.HTTP_HOST, port: cfg.HTTP_PORT });
  log.info({ url }, 'http server listening');
  try {
    for (const p of pollers) await p.start();
  } catch (err) {
    await Promise.allSettled(pollers.map((p) => p.close()));
    await http.close();
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all([intake.close(), queues.close()]);
    await Promise.all([producer.quit(), workerConn.quit()]);
    throw err;
  }
  log.info(
    {
      roles: cfg.ROLES,
      accounts: accounts.accounts.length,
      workers: workers.length,
      pollers: pollers.length,
    },
    'strazh started',
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      log.info('shutting down: no new work, finishing jobs in flight');
      rules.close();
      await Promise.all(pollers.map((p) => p.close()));
      await http.close();
      await Promise.all(workers.map((w) => w.close()));
      await intake.close();
      await queues.close();
      await Promise.all([producer.quit(), workerConn.quit()]);
      log.info('shut down cleanly');
    })();
    return closing;
  };
  return { accounts, metrics, rules, intake, queues, actions, http, url, close };
}
