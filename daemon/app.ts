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
import type { Platform } from '../core/comment.ts';
import { createHttpServer } from '../http/server.ts';
import { CommentIntake } from '../queues/comment-intake.ts';
import { producerConnection, workerConnection } from '../queues/connections.ts';
import { startActWorker } from '../workers/act-worker.ts';
import { startModerateWorker } from '../workers/moderate-worker.ts';
import { combineObservers, type ModerationObserver } from '../workers/moderation-observer.ts';
import { PipelineQueues } from '../workers/pipeline-queues.ts';
import type { AppealSink } from '../workers/appeals/appeal-sink.ts';
import { startAppeals, type AppealsRuntime } from '../workers/appeals/start-appeals.ts';

export interface StrazhOptions {
  readonly cfg: Config;
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  /** Extra observers (tests, the demo); the audit log is one too. */
  readonly observers?: readonly ModerationObserver[];
  /** Receivers of appeal events (Telegram bot, audit store); delivered by the `review` role. */
  readonly appealSinks?: readonly AppealSink[];
}

export interface Strazh {
  readonly accounts: AccountRegistry;
  readonly rules: RuleSetHolder;
  readonly intake: CommentIntake;
  readonly queues: PipelineQueues;
  readonly http: FastifyInstance | undefined;
  /** Address the HTTP server listens on, e.g. `http://127.0.0.1:8080`. */
  readonly url: string | undefined;
  /** Appeals (clause 3) when APPEALS_ENABLED. */
  readonly appeals: AppealsRuntime | undefined;
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
  const rules = await RuleSetHolder.open(cfg.RULES_DIR, log);
  if (cfg.RULES_WATCH) rules.watch();

  const producer: Redis = producerConnection(cfg.REDIS_URL);
  const workerConn: Redis = workerConnection(cfg.REDIS_URL);
  producer.on('error', (err) => log.warn({ err: err.message }, 'redis (producer) connection error'));
  workerConn.on('error', (err) => log.warn({ err: err.message }, 'redis (worker) connection error'));
  const intake = new CommentIntake(producer, cfg);
  const queues = new PipelineQueues(producer, cfg);
  const appeals = cfg.APPEALS_ENABLED
    ? await startAppeals({
        cfg,
        connection: producer,
        log,
        runClock: cfg.ROLES.includes('review'),
        sinks: opts.appealSinks,
      })
    : undefined;
  // Appeals first, so an observer that sees a decision also finds its appeal registered.
  const observer = combineObservers([...(appeals ? [appeals.observer] : []), ...(opts.observers ?? [])]);

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

  let http: FastifyInstance | undefined;
  let url: string | undefined;
  if (cfg.ROLES.includes('http')) {
    http = createHttpServer({
      log,
      bodyLimit: cfg.HTTP_BODY_LIMIT,
      health: async () => {
        const redis = await producer.ping().then(
          () => true,
          () => false,
        );
        const running = workers.every((w) => w.isRunning());
        return { ok: redis && running, checks: { redis, workers: running, rules: rules.current.version } };
      },
      routes: [
        vkWebhookRoutes({
          accounts,
          secrets: (id) => secrets.get(id) ?? {},
          intake,
          log,
          onCommunityReply: appeals && ((r) => appeals.onCommunityReply(r)),
        }),
      ],
    });
    url = await http.listen({ host: cfg.HTTP_HOST, port: cfg.HTTP_PORT });
    log.info({ url }, 'http server listening');
  }
  log.info(
    { roles: cfg.ROLES, accounts: accounts.accounts.length, workers: workers.length },
    'strazh started',
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      log.info('shutting down: no new work, finishing jobs in flight');
      rules.close();
      await http?.close();
      await Promise.all(workers.map((w) => w.close()));
      await appeals?.close();
      await intake.close();
      await queues.close();
      await Promise.all([producer.quit(), workerConn.quit()]);
      log.info('shut down cleanly');
    })();
    return closing;
  };
  return { accounts, rules, intake, queues, http, url, appeals, close };
}
