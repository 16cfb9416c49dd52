import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/env.ts';
import type { Platform } from '../core/comment.ts';
import type { ActionOutcome, PlatformActions } from '../adapters/platform-actions.ts';
import { PlatformError } from '../adapters/platform-error.ts';
import { actQueueName } from '../queues/names.ts';
import { ActJobSchema, type ActJob, type ActJobInput } from '../queues/payloads.ts';
import type { ModerationObserver } from './moderation-observer.ts';
import { RUN_ONCE_TTL_S, runOnce } from './run-once.ts';

/** Finds the action client of the account a job is for; undefined when the account is unknown. */
export type ActionsForAccount = (accountId: string) => PlatformActions | undefined;

export interface ActDeps {
  readonly cfg: Config;
  readonly connection: Redis;
  readonly log: Logger;
  readonly actionsFor: ActionsForAccount;
  readonly observer: ModerationObserver;
}

/**
 * Runs one platform action and translates platform errors into queue behaviour:
 * rate limit → pause this queue and retry; transient → retry with backoff; permanent → dead letter;
 * gone (already deleted) → done.
 */
async function runAction(deps: ActDeps, worker: Worker, job: Job<ActJobInput>): Promise<ActionOutcome> {
  const parsed = ActJobSchema.safeParse(job.data);
  if (!parsed.success)
    throw new UnrecoverableError(`invalid act payload: ${parsed.error.issues[0]?.message}`);
  const data: ActJob = parsed.data;
  const actions = deps.actionsFor(data.comment.accountId);
  if (!actions) throw new UnrecoverableError(`no platform client for account ${data.comment.accountId}`);
  try {
    // A job re-run after a crash must not call the platform again for an action already carried out.
    const outcome = await runOnce(deps.connection, deps.cfg.QUEUE_PREFIX, job, RUN_ONCE_TTL_S, () =>
      actions.perform(data),
    );
    await deps.observer.onActionDone?.(data, outcome);
    return outcome;
  } catch (err) {
    if (!(err instanceof PlatformError)) throw err;
    switch (err.kind) {
      case 'gone': {
        const outcome: ActionOutcome = { status: 'already_done', detail: err.message };
        await deps.observer.onActionDone?.(data, outcome);
        return outcome;
      }
      case 'rate_limit':
        deps.log.warn(
          { platform: err.platform, code: err.code, waitMs: err.retryAfterMs },
          'platform rate limit',
        );
        await worker.rateLimit(err.retryAfterMs ?? 1000);
        throw Worker.RateLimitError();
      case 'transient':
        throw err;
      case 'permanent':
        throw new UnrecoverableError(err.message);
    }
  }
}

/** Starts the `{act-<platform>}` worker: I/O-bound, so higher concurrency than moderation. */
export function startActWorker(deps: ActDeps, platform: Platform): Worker<ActJobInput, ActionOutcome> {
  const name = actQueueName(platform);
  const worker: Worker<ActJobInput, ActionOutcome> = new Worker<ActJobInput, ActionOutcome>(
    name,
    (job) => runAction(deps, worker, job),
    {
      connection: deps.connection,
      prefix: deps.cfg.QUEUE_PREFIX,
      concurrency: deps.cfg.ACT_CONCURRENCY,
      // BullMQ honours worker.rateLimit() only when the worker has a limiter.
      limiter: { max: deps.cfg.ACT_MAX_PER_SECOND, duration: 1000 },
      lockDuration: deps.cfg.WORKER_LOCK_MS,
      stalledInterval: deps.cfg.WORKER_STALLED_INTERVAL_MS,
      // A Redis outage makes every job in flight look stalled; BullMQ's default (1) would then fail
      // jobs that did nothing wrong. Crash loops are still bounded.
      maxStalledCount: 10,
    },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    const parsed = ActJobSchema.safeParse(job.data);
    if (parsed.success) void deps.observer.onActionFailed?.(parsed.data, err, final);
    if (final) {
      deps.log.error(
        {
          err,
          queue: name,
          jobId: job.id,
          action: job.data.action,
          key: job.data.key,
          attempts: job.attemptsMade,
        },
        'dead-letter: platform action failed for good',
      );
      void deps.observer.onDeadLetter?.(name, job.id, job.data, err);
    } else {
      deps.log.warn(
        { err: err.message, jobId: job.id, attempt: job.attemptsMade },
        'platform action failed; will retry',
      );
    }
  });
  worker.on('error', (err) => deps.log.error({ err, queue: name }, 'act worker error'));
  return worker;
}
