import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../config/accounts.ts';
import type { Config } from '../config/env.ts';
import type { RuleSetHolder } from '../config/rules-loader.ts';
import { commentKey, CommentSchema, type Comment } from '../core/comment.ts';
import { decideOutcome } from '../core/decide.ts';
import { evaluateText } from '../core/engine.ts';
import type { CommentSignals } from '../core/rules/rule.ts';
import { MODERATE_QUEUE } from '../queues/names.ts';
import type { ModerationSummary } from '../queues/payloads.ts';
import type { ModerationObserver } from './moderation-observer.ts';
import type { PipelineQueues } from './pipeline-queues.ts';
import { RUN_ONCE_TTL_S, runOnce } from './run-once.ts';

/** Gathers I/O-bound facts (e.g. repeats by the same author) before the pure rules run. */
export interface SignalSource {
  collect(comment: Comment): Promise<CommentSignals>;
}

export interface ModerateDeps {
  readonly cfg: Config;
  readonly connection: Redis;
  readonly log: Logger;
  /** The rule set in force (a holder, or a view of it with over-ruled rules demoted). */
  readonly rules: Pick<RuleSetHolder, 'current'>;
  readonly accounts: AccountRegistry;
  readonly queues: PipelineQueues;
  readonly observer: ModerationObserver;
  readonly signals?: SignalSource;
}

/**
 * The moderate step: comment → rules → verdict → account mode → `{act-…}`, `{review}` or keep.
 * Every enqueue is idempotent, so a job retried after a crash cannot act twice.
 */
export async function moderateComment(deps: ModerateDeps, data: unknown): Promise<ModerationSummary> {
  const parsed = CommentSchema.safeParse(data);
  if (!parsed.success)
    throw new UnrecoverableError(`invalid comment payload: ${parsed.error.issues[0]?.message}`);
  const comment = parsed.data;
  const account = deps.accounts.get(comment.accountId);
  if (!account) throw new UnrecoverableError(`unknown account ${comment.accountId}`);
  const key = commentKey(comment);
  const signals = deps.signals ? await deps.signals.collect(comment) : {};
  const verdict = evaluateText(deps.rules.current, comment.text, signals);
  const outcome = decideOutcome(verdict.verdict, account.mode);

  await deps.observer.onDecision?.({ key, comment, account, verdict, outcome, decidedAt: new Date() });

  const hits = verdict.results.filter((r) => r.hit);
  if (outcome === 'delete') {
    const reason = hits.find((r) => verdict.decidedBy.includes(r.ruleId))?.details.reason ?? '';
    await deps.queues.enqueueAction({
      key,
      comment,
      action: 'delete',
      reason,
      requestedBy: { kind: 'auto' },
    });
  } else if (outcome === 'review') {
    if (account.hide_while_review && (comment.platform === 'facebook' || comment.platform === 'instagram')) {
      await deps.queues.enqueueAction({
        key,
        comment,
        action: 'hide',
        reason: '',
        requestedBy: { kind: 'auto' },
      });
    }
    await deps.queues.enqueueReview({
      key,
      comment,
      verdict: verdict.verdict,
      mode: account.mode,
      categories: [...verdict.categories],
      decidedBy: [...verdict.decidedBy],
      ruleSetVersion: verdict.ruleSetVersion,
      hits: hits.map((h) => ({ ...h, spans: [...h.spans] })),
    });
  }
  return {
    key,
    verdict: verdict.verdict,
    outcome,
    mode: account.mode,
    decidedBy: verdict.decidedBy,
    categories: verdict.categories,
    ruleSetVersion: verdict.ruleSetVersion,
  };
}

/** Starts the `{moderate}` worker. Rules are CPU-bound, so concurrency stays small. */
export function startModerateWorker(deps: ModerateDeps): Worker<Comment, ModerationSummary> {
  const worker = new Worker<Comment, ModerationSummary>(
    MODERATE_QUEUE,
    // A decision is made once per comment even if the job runs again after a crash.
    (job: Job<Comment>) =>
      runOnce(deps.connection, deps.cfg.QUEUE_PREFIX, job, RUN_ONCE_TTL_S, () =>
        moderateComment(deps, job.data),
      ),
    {
      connection: deps.connection,
      prefix: deps.cfg.QUEUE_PREFIX,
      concurrency: deps.cfg.MODERATE_CONCURRENCY,
      lockDuration: deps.cfg.WORKER_LOCK_MS,
      stalledInterval: deps.cfg.WORKER_STALLED_INTERVAL_MS,
    },
  );
  worker.on('failed', (job, err) => {
    const final = !job || err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) {
      deps.log.error(
        { err, queue: MODERATE_QUEUE, jobId: job?.id },
        'dead-letter: comment could not be moderated',
      );
      void deps.observer.onDeadLetter?.(MODERATE_QUEUE, job?.id, job?.data, err);
    } else {
      deps.log.warn({ err, jobId: job.id, attempt: job.attemptsMade }, 'moderation failed; will retry');
    }
  });
  worker.on('error', (err) => deps.log.error({ err }, 'moderate worker error'));
  return worker;
}
