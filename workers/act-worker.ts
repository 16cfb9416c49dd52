import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../config/env.ts';
import type { Platform } from '../core/comment.ts';
import type { ActionOutcome, PlatformActions } from '../adapters/platform-actions.ts';
import { PlatformError } from '../adapters/platform-error.ts';
import { actQueueName } from '../queues/names.ts';
import { actionIdFor } from '../queues/job-options.ts';
import {
  ACT_BATCH,
  ActBatchSchema,
  ActJobSchema,
  type ActBatch,
  type ActBatchResult,
  type ActionStep,
  type ActJob,
  type ActJobInput,
  type ActProgress,
} from '../queues/payloads.ts';
import type { ModerationObserver } from './moderation-observer.ts';
import { RUN_ONCE_TTL_S, runOnce, runOnceAs, runOnceKeys } from './run-once.ts';
import { commandsOf, type WorkerConnections } from './commands-connection.ts';

/** Finds the action client of the account a job is for; undefined when the account is unknown. */
export type ActionsForAccount = (accountId: string) => PlatformActions | undefined;

export interface ActDeps extends WorkerConnections {
  readonly cfg: Config;
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
    const outcome = await runOnce(commandsOf(deps), deps.cfg.QUEUE_PREFIX, job, RUN_ONCE_TTL_S, () =>
      actions.perform(data),
    );
    await deps.observer.onActionDone?.(data, outcome, job.id);
    return outcome;
  } catch (err) {
    if (!(err instanceof PlatformError)) throw err;
    if (err.stepsDone.length > 0) await reportStepsDone(deps, job, err.stepsDone);
    switch (err.kind) {
      case 'gone': {
        const outcome: ActionOutcome = { status: 'already_done', detail: err.message };
        await deps.observer.onActionDone?.(data, outcome, job.id);
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

/**
 * Puts the steps of a combined action that went through on the job (`job.progress`, {@link
 * ActProgress}) before it fails, so whoever learns of the failure — the moderators' bot — can undo
 * exactly those. Best effort: the failure goes on as it is if Redis refuses the write.
 */
async function reportStepsDone(deps: ActDeps, job: Job, stepsDone: readonly ActionStep[]): Promise<void> {
  const progress: ActProgress = { stepsDone: [...stepsDone] };
  try {
    await job.updateProgress(progress);
  } catch (err) {
    deps.log.error({ err, jobId: job.id, stepsDone }, 'could not record the steps done of a failed action');
  }
}

/** How one action of an act batch ended. */
type BatchItem =
  | { readonly kind: 'done'; readonly id: string; readonly outcome: ActionOutcome }
  | { readonly kind: 'retry'; readonly waitMs?: number; readonly rateLimited: boolean }
  /** `id`: the action's, when its payload could be read. */
  | { readonly kind: 'dead'; readonly id?: string };

/**
 * One action of an act batch, with the queue behaviour of {@link runAction} per action: done (or
 * already gone) → outcome recorded; permanent → this action to the dead letter, the others go on;
 * rate limit or transient → the batch is retried, and actions already done are not done again
 * (their run-once markers). On the batch's last attempt a transient failure is final.
 */
async function runBatchItem(deps: ActDeps, job: Job, raw: unknown, last: boolean): Promise<BatchItem> {
  const parsed = ActJobSchema.safeParse(raw);
  const rerun = job.attemptsStarted > 1;
  const deadKey = (id: string) => runOnceKeys(deps.cfg.QUEUE_PREFIX, job.queueName, id).dead;
  const deadLetter = async (err: Error, data: unknown, id: string | undefined) => {
    // Remembered, so a re-run of the batch (for its other actions) does not try it and report it again.
    if (id) await commandsOf(deps).set(deadKey(id), '1', 'EX', RUN_ONCE_TTL_S);
    const action = parsed.success ? { key: parsed.data.key, action: parsed.data.action } : {};
    deps.log.error(
      { err, queue: job.queueName, jobId: job.id, ...action },
      'dead-letter: platform action failed for good',
    );
    await deps.observer.onDeadLetter?.(job.queueName, id, data, err);
    return id === undefined ? ({ kind: 'dead' } as const) : ({ kind: 'dead', id } as const);
  };
  if (!parsed.success)
    return deadLetter(new Error(`invalid act payload: ${parsed.error.issues[0]?.message}`), raw, undefined);
  const data = parsed.data;
  const id = actionIdFor(data.key, data.action);
  if (rerun && (await commandsOf(deps).exists(deadKey(id)))) return { kind: 'dead', id };
  const actions = deps.actionsFor(data.comment.accountId);
  if (!actions) {
    const err = new Error(`no platform client for account ${data.comment.accountId}`);
    await deps.observer.onActionFailed?.(data, err, true, job.id);
    return deadLetter(err, data, id);
  }
  try {
    let reported = false;
    const outcome = await runOnceAs(
      commandsOf(deps),
      deps.cfg.QUEUE_PREFIX,
      job.queueName,
      id,
      rerun,
      RUN_ONCE_TTL_S,
      () => actions.perform(data),
      () => (reported = true),
    );
    // A result a run before stored was reported then: counted again, it doubled the metrics and the
    // audit row's attempts.
    if (!reported) await deps.observer.onActionDone?.(data, outcome, job.id);
    return { kind: 'done', id, outcome };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    if (err instanceof PlatformError && err.kind === 'gone') {
      const outcome: ActionOutcome = { status: 'already_done', detail: err.message };
      await deps.observer.onActionDone?.(data, outcome, job.id);
      return { kind: 'done', id, outcome };
    }
    if (err instanceof PlatformError && err.kind === 'rate_limit') {
      deps.log.warn(
        { platform: err.platform, code: err.code, waitMs: err.retryAfterMs },
        'platform rate limit',
      );
      return { kind: 'retry', waitMs: err.retryAfterMs ?? 1000, rateLimited: true };
    }
    const final = last || (err instanceof PlatformError && err.kind === 'permanent');
    await deps.observer.onActionFailed?.(data, err, final, job.id);
    if (final) return deadLetter(err, data, id);
    return { kind: 'retry', rateLimited: false };
  }
}

/**
 * Before a batch waits for its retry, the markers of its actions already done (or dead-lettered) are
 * kept for the wait too: a platform may ask for a wait longer than their life (Graph: 15 minutes and
 * more), and the retry would then carry them out again.
 */
async function keepMarkers(
  deps: ActDeps,
  job: Job,
  items: readonly BatchItem[],
  waitMs: number,
): Promise<void> {
  const ttl = RUN_ONCE_TTL_S + Math.ceil(waitMs / 1000);
  const keys = items.flatMap((i) => {
    if (i.kind === 'retry' || i.id === undefined) return [];
    const k = runOnceKeys(deps.cfg.QUEUE_PREFIX, job.queueName, i.id);
    return [i.kind === 'done' ? k.done : k.dead];
  });
  if (keys.length === 0) return;
  const m = commandsOf(deps).multi();
  for (const k of keys) m.expire(k, ttl);
  await m.exec();
}

/** An act batch job: its actions at once; see {@link runBatchItem}. */
async function runBatch(deps: ActDeps, worker: Worker, job: Job<ActBatch>): Promise<ActBatchResult> {
  const batch = ActBatchSchema.safeParse(job.data);
  if (!batch.success) throw new UnrecoverableError(`invalid act batch: ${batch.error.issues[0]?.message}`);
  const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const items = await Promise.all(batch.data.actions.map((a) => runBatchItem(deps, job, a, last)));
  const retry = items.filter((i) => i.kind === 'retry');
  const limited = retry.filter((i) => i.rateLimited);
  const waitMs = limited.length > 0 ? Math.max(...limited.map((i) => i.waitMs ?? 1000)) : 0;
  if (retry.length > 0) await keepMarkers(deps, job, items, waitMs);
  if (limited.length > 0) {
    await worker.rateLimit(waitMs);
    throw Worker.RateLimitError();
  }
  if (retry.length > 0) throw new Error(`${retry.length} of ${items.length} actions failed; will retry`);
  const outcomes: Record<string, ActionOutcome> = {};
  for (const i of items) if (i.kind === 'done') outcomes[i.id] = i.outcome;
  return { outcomes };
}

/** Starts the `{act-<platform>}` worker: I/O-bound, so higher concurrency than moderation. */
export function startActWorker(
  deps: ActDeps,
  platform: Platform,
): Worker<ActJobInput | ActBatch, ActionOutcome | ActBatchResult> {
  const name = actQueueName(platform);
  const worker: Worker<ActJobInput | ActBatch, ActionOutcome | ActBatchResult> = new Worker<
    ActJobInput | ActBatch,
    ActionOutcome | ActBatchResult
  >(
    name,
    (job: Job<ActJobInput | ActBatch>): Promise<ActionOutcome | ActBatchResult> =>
      job.name === ACT_BATCH
        ? runBatch(deps, worker, job as Job<ActBatch>)
        : runAction(deps, worker, job as Job<ActJobInput>),
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
    if (job.name === ACT_BATCH) {
      // Each action of a batch has reported its own failures; a batch fails only when it is unreadable.
      if (final) {
        deps.log.error({ err, queue: name, jobId: job.id }, 'dead-letter: act batch failed for good');
        void deps.observer.onDeadLetter?.(name, job.id, job.data, err);
      } else
        deps.log.warn({ err: err.message, jobId: job.id, attempt: job.attemptsMade }, 'act batch will retry');
      return;
    }
    const parsed = ActJobSchema.safeParse(job.data);
    if (parsed.success) void deps.observer.onActionFailed?.(parsed.data, err, final, job.id);
    if (final) {
      deps.log.error(
        {
          err,
          queue: name,
          jobId: job.id,
          action: parsed.data?.action,
          key: parsed.data?.key,
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
