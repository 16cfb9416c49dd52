import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Account, AccountRegistry } from '../config/accounts.ts';
import type { Config } from '../config/env.ts';
import type { RuleSetHolder } from '../config/rules-loader.ts';
import { commentKey, CommentSchema, type Comment } from '../core/comment.ts';
import { decideOutcome } from '../core/decide.ts';
import { evaluateText } from '../core/engine.ts';
import type { CommentSignals } from '../core/rules/rule.ts';
import { normalize } from '../core/text/normalize.ts';
import type { NormalizedText } from '../core/text/normalized-text.ts';
import { MODERATE_QUEUE } from '../queues/names.ts';
import {
  ModerateBatchSchema,
  type ActJobInput,
  type ModerateBatch,
  type ModerationSummary,
  type ReviewJob,
} from '../queues/payloads.ts';
import { automaticActions } from './automatic-actions.ts';
import { claimComments, releaseClaims } from './comment-claims.ts';
import type { DecisionEvent, ModerationObserver } from './moderation-observer.ts';
import type { PipelineQueues } from './pipeline-queues.ts';
import { RUN_ONCE_TTL_S, runOnce } from './run-once.ts';
import { commandsOf, type WorkerConnections } from './commands-connection.ts';

/** Gathers I/O-bound facts (e.g. repeats by the same author) before the pure rules run. */
export interface SignalSource {
  /** One entry per comment, in order; the texts come normalised as the rules will see them. */
  collectMany(items: readonly { comment: Comment; normalized: NormalizedText }[]): Promise<CommentSignals[]>;
}

export interface ModerateDeps extends WorkerConnections {
  readonly cfg: Config;
  readonly log: Logger;
  /** The rule set in force (a holder, or a view of it with over-ruled rules demoted). */
  readonly rules: Pick<RuleSetHolder, 'current'>;
  readonly accounts: AccountRegistry;
  readonly queues: PipelineQueues;
  readonly observer: ModerationObserver;
  readonly signals?: SignalSource;
}

/** The rules' verdict on one comment with the account's mode applied. Pure. */
function decide(
  deps: ModerateDeps,
  comment: Comment,
  account: Account,
  normalized: NormalizedText,
  signals: CommentSignals,
  moderateJobId: string,
): DecisionEvent {
  const verdict = evaluateText(deps.rules.current, normalized, signals);
  const outcome = decideOutcome(verdict.verdict, account.mode);
  return {
    key: commentKey(comment),
    comment,
    account,
    verdict,
    outcome,
    decidedAt: new Date(),
    moderateJobId,
  };
}

/** The `{act-…}` and `{review}` jobs that carry out a decision. */
export function jobsFor(e: DecisionEvent): { acts: ActJobInput[]; review: ReviewJob | undefined } {
  const acts = automaticActions(e).map((a) => ({
    key: e.key,
    comment: e.comment,
    action: a.action,
    reason: a.reason,
    requestedBy: { kind: 'auto' as const },
  }));
  const review =
    e.outcome === 'review'
      ? {
          key: e.key,
          comment: e.comment,
          verdict: e.verdict.verdict,
          mode: e.account.mode,
          categories: [...e.verdict.categories],
          decidedBy: [...e.verdict.decidedBy],
          ruleSetVersion: e.verdict.ruleSetVersion,
          hits: e.verdict.results.filter((r) => r.hit).map((h) => ({ ...h, spans: [...h.spans] })),
        }
      : undefined;
  return { acts, review };
}

/**
 * The moderate step for a batch of comments: claim each comment key (a redelivery is dropped),
 * decide (rules → verdict → account mode), tell the observers — the audit log commits here, BEFORE
 * anything is queued — then queue the platform actions and review items, idempotently (job ids
 * derive from the comment key), so a job run again after a crash cannot act twice.
 */
export async function moderateBatch(
  deps: ModerateDeps,
  jobId: string,
  comments: readonly Comment[],
  rerun = false,
): Promise<ModerationSummary> {
  // What this job decided is kept until its jobs are queued: a job run again after queueing failed
  // (Redis went away) queues the same jobs without deciding — and telling the observers — twice.
  const planKey = `${deps.cfg.QUEUE_PREFIX}:plan:${jobId}`;
  const stored = rerun ? await commandsOf(deps).get(planKey) : null;
  const plan = stored ? (JSON.parse(stored) as BatchPlan) : await decideBatch(deps, jobId, comments);
  // The plan is stored while its jobs are queued, not before: one round trip less on the way to the
  // platform. If queueing fails and storing succeeded, the rerun queues the stored plan; if storing
  // failed, the rerun decides again — as it did when storing alone failed.
  await Promise.all([
    stored ? undefined : commandsOf(deps).set(planKey, JSON.stringify(plan), 'EX', RUN_ONCE_TTL_S),
    deps.queues.enqueueMany(plan.acts, plan.reviews, jobId),
  ]);
  // Not awaited: a plan left behind expires with its TTL.
  commandsOf(deps)
    .del(planKey)
    .catch((err: unknown) => deps.log.warn({ err, jobId }, 'could not drop a moderate plan; it expires'));
  return plan.summary;
}

interface BatchPlan {
  readonly acts: ActJobInput[];
  readonly reviews: ReviewJob[];
  readonly summary: ModerationSummary;
}

async function decideBatch(
  deps: ModerateDeps,
  jobId: string,
  comments: readonly Comment[],
): Promise<BatchPlan> {
  const owned = await claimComments(
    commandsOf(deps),
    deps.cfg.QUEUE_PREFIX,
    comments.map(commentKey),
    jobId,
    deps.cfg.DEDUPE_TTL_HOURS * 3600,
  );
  // A comment delivered twice in one batch (two webhooks in the same moment) is decided once.
  const seen = new Set<string>();
  const mine = comments.filter((c) => {
    const key = commentKey(c);
    if (!owned.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Each text is normalised once, for the signals and the rules alike.
  const inputs = mine.map((comment) => ({ comment, normalized: normalize(comment.text) }));
  const signals = deps.signals ? await deps.signals.collectMany(inputs) : [];
  let refused = 0;
  const decided = await Promise.all(
    inputs.map(async ({ comment, normalized }, i) => {
      const account = deps.accounts.get(comment.accountId);
      if (account) return decide(deps, comment, account, normalized, signals[i] ?? {}, jobId);
      refused += 1;
      const err = new Error(`unknown account ${comment.accountId}`);
      deps.log.error({ err, key: commentKey(comment) }, 'dead-letter: comment for an unknown account');
      await deps.observer.onDeadLetter?.(MODERATE_QUEUE, jobId, comment, err);
      return undefined;
    }),
  );
  const events = decided.filter((e): e is DecisionEvent => e !== undefined);
  await notifyDecisions(deps.observer, events);
  const plans = events.map(jobsFor);
  const count = (o: string) => events.filter((e) => e.outcome === o).length;
  return {
    acts: plans.flatMap((p) => p.acts),
    reviews: plans.flatMap((p) => (p.review ? [p.review] : [])),
    summary: {
      comments: comments.length,
      duplicates: comments.length - mine.length,
      refused,
      delete: count('delete'),
      review: count('review'),
      keep: count('keep'),
    },
  };
}

/** Tells the observers about a batch: observer by observer (the audit log first), events at once. */
async function notifyDecisions(
  observer: ModerationObserver,
  events: readonly DecisionEvent[],
): Promise<void> {
  if (observer.onDecisions) await observer.onDecisions(events);
  else if (observer.onDecision) {
    const one = observer.onDecision.bind(observer);
    await Promise.all(events.map((e) => one(e)));
  }
}

/** Validates a job's comments; an invalid one goes to the dead letter without holding up the rest. */
async function validComments(deps: ModerateDeps, job: Job<ModerateBatch>): Promise<Comment[]> {
  const batch = ModerateBatchSchema.safeParse(job.data);
  if (!batch.success) throw new UnrecoverableError(`invalid moderate job: ${batch.error.issues[0]?.message}`);
  const out: Comment[] = [];
  for (const raw of batch.data.comments) {
    const c = CommentSchema.safeParse(raw);
    if (c.success) out.push(c.data);
    else {
      const err = new Error(`invalid comment: ${c.error.issues[0]?.message}`);
      deps.log.error({ err, jobId: job.id }, 'dead-letter: invalid comment in a moderate job');
      await deps.observer.onDeadLetter?.(MODERATE_QUEUE, job.id, raw, err);
    }
  }
  return out;
}

/** Starts the `{moderate}` worker. */
export function startModerateWorker(deps: ModerateDeps): Worker<ModerateBatch, ModerationSummary> {
  const worker = new Worker<ModerateBatch, ModerationSummary>(
    MODERATE_QUEUE,
    // The whole batch's result is remembered, so a job run again after its result was stored is a no-op.
    (job: Job<ModerateBatch>) =>
      runOnce(commandsOf(deps), deps.cfg.QUEUE_PREFIX, job, RUN_ONCE_TTL_S, async () =>
        moderateBatch(deps, job.id ?? '', await validComments(deps, job), job.attemptsStarted > 1),
      ),
    {
      connection: deps.connection,
      prefix: deps.cfg.QUEUE_PREFIX,
      concurrency: deps.cfg.MODERATE_CONCURRENCY,
      lockDuration: deps.cfg.WORKER_LOCK_MS,
      stalledInterval: deps.cfg.WORKER_STALLED_INTERVAL_MS,
      // A Redis outage makes every job in flight look stalled; BullMQ's default (1) would then fail
      // jobs that did nothing wrong. Crash loops are still bounded.
      maxStalledCount: 10,
    },
  );
  worker.on('failed', (job, err) => {
    const final = !job || err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) {
      const keys = job?.data.comments.map((c) => commentKey(c)) ?? [];
      deps.log.error(
        { err, queue: MODERATE_QUEUE, jobId: job?.id, keys },
        'dead-letter: comments could not be moderated',
      );
      void deps.observer.onDeadLetter?.(MODERATE_QUEUE, job?.id, job?.data, err);
      if (job?.id) {
        releaseClaims(commandsOf(deps), deps.cfg.QUEUE_PREFIX, keys, job.id).catch((e: unknown) =>
          deps.log.warn({ err: e, jobId: job.id }, 'could not release the claims of a failed moderate job'),
        );
      }
    } else {
      deps.log.warn({ err, jobId: job.id, attempt: job.attemptsMade }, 'moderation failed; will retry');
    }
  });
  worker.on('error', (err) => deps.log.error({ err }, 'moderate worker error'));
  return worker;
}
