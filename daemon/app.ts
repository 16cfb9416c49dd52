import { readFile } from 'node:fs/promises';
import type { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { parseAccounts, resolveSecrets, type AccountRegistry } from '../config/accounts.ts';
import type { Config } from '../config/env.ts';
import { safeUrl } from '../config/logger.ts';
import { loadModelAssets } from '../config/model-assets.ts';
import { RuleSetHolder } from '../config/rules-loader.ts';
import { EventDedupe } from '../adapters/event-dedupe.ts';
import { CursorStore } from '../adapters/cursor-store.ts';
import { createPlatformActions, createPollers, createWebhookRoutes } from '../adapters/platform-registry.ts';
import type { PlatformActions } from '../adapters/platform-actions.ts';
import type { Poller } from '../adapters/poller.ts';
import { RedisStepMemo } from '../adapters/step-memo.ts';
import { startReviewBot, telegramObservers, type ReviewBot } from '../bot/review-bot.ts';
import type { Platform } from '../core/comment.ts';
import type { CommunityReplyInput } from '../core/appeals/community-reply.ts';
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
import { auditAppealSink } from '../store/audit-appeal-sink.ts';
import { auditObserver } from '../store/audit-observer.ts';
import { InboundHealthRecorder } from '../store/inbound-health-recorder.ts';
import { AuditStore } from '../store/audit-store.ts';
import { reconcilePendingActions } from '../store/reconcile-actions.ts';
import { startRetentionJob } from '../store/retention-job.ts';
import { RuleDemotions } from '../store/rule-demotions.ts';
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
  /** The appeal register's clock (tests and the demo fix it; default: the real time). */
  readonly appealsNow?: () => Date;
}

export interface Strazh {
  readonly accounts: AccountRegistry;
  readonly metrics: Metrics;
  readonly rules: RuleSetHolder;
  readonly intake: CommentIntake;
  readonly queues: PipelineQueues;
  /** Action clients per account id (also count the account's own posts for clause 2.2). */
  readonly actions: ReadonlyMap<string, PlatformActions>;
  /** The audit log (write-ahead record of every decision and action). */
  readonly audit: AuditStore;
  readonly http: FastifyInstance;
  /** Address the HTTP server listens on, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** The Telegram review bot, when this process runs the `review` role with a token. */
  readonly reviewBot: ReviewBot | undefined;
  /** Appeals (clause 3) when APPEALS_ENABLED. */
  readonly appeals: AppealsRuntime | undefined;
  /** Stops taking work, lets jobs in flight finish, closes connections. */
  close(): Promise<void>;
}

/** How long start-up waits for Redis to answer before it gives up (ms). */
const REDIS_START_TIMEOUT_MS = 10_000;

/**
 * Start-up fails fast when Redis does not answer: the workers' connections wait for it without limit
 * (right for an outage in a running daemon), so start-up would otherwise hang with no message, no
 * exit code for the supervisor and no HTTP server.
 */
async function redisAnswers(redis: Redis, url: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer')), REDIS_START_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    redis.disconnect();
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`Redis at ${safeUrl(url)} does not answer (${why}); is it running?`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

/** Starts the daemon's parts that this process's `ROLES` ask for. */
export async function startStrazh(opts: StrazhOptions): Promise<Strazh> {
  const { cfg, log } = opts;
  const accounts = parseAccounts(cfg.ACCOUNTS_FILE, await readFile(cfg.ACCOUNTS_FILE, 'utf8'));
  const secrets = new Map(accounts.accounts.map((a) => [a.id, resolveSecrets(a, opts.env)]));
  const producer: Redis = producerConnection(cfg.REDIS_URL);
  logQueueErrors(producer, log, 'redis producer connection');
  await redisAnswers(producer, cfg.REDIS_URL);
  // Strazh's own small commands (event dedupe, markers, signals, counters) on a connection of their
  // own. Every connection sends the commands of one event-loop turn in one socket write
  // (`coalesceWrites`), so ioredis's auto-pipelining is not used: it only joined the commands of one
  // tick, and built a pipeline for the single command of each webhook (paired runs without it: full
  // speed +5–12 %, CPU at 1,000/s within the noise).
  const commands: Redis = producerConnection(cfg.REDIS_URL);
  const dedupeTtlS = cfg.DEDUPE_TTL_HOURS * 3600;
  const memo = new RedisStepMemo(commands, cfg.QUEUE_PREFIX, dedupeTtlS);
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
  // Workers' own commands wait for Redis to come back, like BullMQ's (a job must not fail for an outage).
  const workerCommands: Redis = workerConnection(cfg.REDIS_URL);
  const connections = [producer, commands, workerConn, workerCommands];
  const quitConnections = () => Promise.all(connections.map((c) => c.quit()));
  logQueueErrors(commands, log, 'redis commands connection');
  logQueueErrors(workerConn, log, 'redis worker connection');
  logQueueErrors(workerCommands, log, 'redis worker commands connection');
  const intake = new CommentIntake(producer, cfg, metrics);
  const queues = new PipelineQueues(producer, cfg);
  const audit = await AuditStore.open(cfg.DATABASE_URL, {
    timeZone: cfg.AUDIT_TIME_ZONE,
    onConnectionError: (err) =>
      log.warn({ err: err.message }, 'audit database connection lost; reconnecting'),
  });
  const demotions = new RuleDemotions(
    audit,
    {
      maxRate: cfg.RULE_OVERTURN_MAX_RATE,
      minDecisions: cfg.RULE_OVERTURN_MIN_DECISIONS,
      windowDays: cfg.RULE_OVERTURN_WINDOW_DAYS,
    },
    log,
  );
  await demotions.refresh();
  const demotionTimer = setInterval(() => void demotions.refresh(), 600_000).unref();
  await reconcilePendingActions(audit, queues, log).catch((err: unknown) =>
    log.error({ err }, 'reconciling the audit log with the action queues failed; retried at next start'),
  );
  const retention = await startRetentionJob(cfg, workerConn, audit, log);
  const moderatedRules = {
    get current() {
      return demotions.apply(rules.current);
    },
  };
  for (const q of [intake.queue, queues.review, ...queues.act.values()]) logQueueErrors(q, log, q.name);
  const appeals = cfg.APPEALS_ENABLED
    ? await startAppeals({
        cfg,
        connection: commands,
        log,
        runClock: cfg.ROLES.includes('review'),
        // The audit log records every appeal event for the reports and `audit show`.
        sinks: [auditAppealSink(audit), ...(opts.appealSinks ?? [])],
        now: opts.appealsNow,
      })
    : undefined;
  // The audit observer comes first: it must commit before any other observer or action runs. Appeals
  // next, so an observer that sees a decision also finds its appeal registered.
  const observer = combineObservers([
    auditObserver({ store: audit, accounts, log, onReviewRecorded: () => void demotions.refresh() }),
    ...(appeals ? [appeals.observer] : []),
    metricsObserver(metrics),
    ...telegramObservers(commands, cfg, log),
    ...(opts.observers ?? []),
  ]);
  const signals = new RedisRepeatSignals(
    commands,
    {
      prefix: cfg.QUEUE_PREFIX,
      windowSeconds: cfg.REPEAT_WINDOW_HOURS * 3600,
      historySize: cfg.REPEAT_HISTORY,
      similarity: cfg.REPEAT_SIMILARITY,
    },
    log,
  );
  const health = new InboundHealthRecorder(audit.db, log);
  const inbound = {
    accounts,
    secrets: (id: string) => secrets.get(id) ?? {},
    intake,
    dedupe: new EventDedupe(commands, cfg.QUEUE_PREFIX, dedupeTtlS),
    cursors: new CursorStore(commands, cfg.QUEUE_PREFIX),
    log,
    onAccountPost: (e: Parameters<NonNullable<ModerationObserver['onAccountPost']>>[0]) =>
      observer.onAccountPost?.(e) ?? Promise.resolve(),
    onCommunityReply: appeals && ((r: CommunityReplyInput) => appeals.onCommunityReply(r)),
    // Webhook and polling health for the registry report (`npm run report` reads it from the log).
    onHealth: health.hook,
  };

  const workers: Worker[] = [];
  if (cfg.ROLES.includes('moderate')) {
    workers.push(
      startModerateWorker({
        cfg,
        connection: workerConn,
        commands: workerCommands,
        log,
        rules: moderatedRules,
        accounts,
        queues,
        observer,
        signals,
      }),
    );
  }
  if (cfg.ROLES.includes('act')) {
    const platforms = new Set<Platform>(accounts.accounts.map((a) => a.platform));
    for (const p of platforms) {
      workers.push(
        startActWorker(
          {
            cfg,
            connection: workerConn,
            commands: workerCommands,
            log,
            observer,
            actionsFor: (id) => actions.get(id),
          },
          p,
        ),
      );
    }
  }

  let reviewBot: ReviewBot | undefined;
  if (cfg.ROLES.includes('review')) {
    if (!cfg.TELEGRAM_BOT_TOKEN || !cfg.TELEGRAM_REVIEW_CHAT_ID) {
      log.warn(
        { tokenSet: Boolean(cfg.TELEGRAM_BOT_TOKEN), chatSet: Boolean(cfg.TELEGRAM_REVIEW_CHAT_ID) },
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
          appealDesk: appeals?.desk,
        });
        // Appeal cards go to the departments' chats through the same bot and pacing.
        if (reviewBot.appealSink) appeals?.addSink(reviewBot.appealSink);
      } catch (err) {
        // Release what already runs, so a failed start-up lets the process exit.
        rules.close();
        await Promise.all(workers.map((w) => w.close()));
        await Promise.all([intake.close(), queues.close()]);
        await quitConnections();
        throw err;
      }
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
      const running = [...workers, ...(reviewBot ? [reviewBot.worker] : [])].every((w) => w.isRunning());
      const polling = pollers.every((p) => p.healthy());
      return {
        ok: redis && running && polling,
        checks: { redis, workers: running, pollers: polling, rules: rules.current.version },
      };
    },
    routes: [
      metricsRoute(metrics, () => [intake.queue, queues.review, ...queues.act.values()]),
      ...(cfg.ROLES.includes('http') ? createWebhookRoutes(inbound) : []),
      // Webhook mode of the review bot: served wherever the bot runs.
      ...(reviewBot?.webhookRoute ? [reviewBot.webhookRoute] : []),
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
    await appeals?.close();
    await Promise.all([intake.close(), queues.close()]);
    await quitConnections();
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
      await reviewBot?.close();
      await Promise.all(workers.map((w) => w.close()));
      clearInterval(demotionTimer);
      await retention.close();
      await appeals?.close();
      await intake.close();
      await queues.close();
      await quitConnections();
      await health.close();
      await audit.close();
      log.info('shut down cleanly');
    })();
    return closing;
  };
  return { accounts, metrics, rules, intake, queues, actions, audit, http, url, reviewBot, appeals, close };
}
