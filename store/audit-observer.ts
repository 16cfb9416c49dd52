import type { Logger } from 'pino';
import { z } from 'zod';
import { commentKey, CommentSchema } from '../core/comment.ts';
import type { AccountRegistry } from '../config/accounts.ts';
import { jobIdFor } from '../queues/job-options.ts';
import type { ActJob } from '../queues/payloads.ts';
import type { ModerationObserver } from '../workers/moderation-observer.ts';
import type { AuditStore } from './audit-store.ts';
import { plannedForDecision, plannedForReview, plannedForUndo } from './planned-actions.ts';

export interface AuditObserverDeps {
  readonly store: AuditStore;
  readonly accounts: AccountRegistry;
  readonly log: Logger;
  /** Called after a moderator's decision is on record (rule precision changes with it). */
  readonly onReviewRecorded?: () => void;
  readonly now?: () => Date;
}

const actionOf = (job: ActJob, jobId: string | undefined) => ({
  key: job.key,
  action: job.action,
  jobId: jobId ?? jobIdFor(job.key, job.action),
  requestedBy: job.requestedBy,
  reason: job.reason,
  banDays: job.banDays,
});

/**
 * The audit log as a pipeline observer. `onDecision` and `onReviewDecision` are the write-ahead
 * points: they throw when the record cannot be committed, so the job is retried and nothing is
 * queued unrecorded. Outcome hooks only log their own failures: the action already happened.
 */
export function auditObserver(deps: AuditObserverDeps): ModerationObserver {
  const { store, log } = deps;
  const now = deps.now ?? (() => new Date());
  const safe = async (what: string, f: () => Promise<void>) => {
    try {
      await f();
    } catch (err) {
      log.error({ err, what }, 'audit store write failed');
    }
  };
  return {
    async onDecision(e) {
      await store.recordDecision(e, plannedForDecision(e));
    },
    async onReviewDecision(e) {
      const reason = await store.decidingReason(e.key);
      await store.recordReviewDecision(e, plannedForReview(e, deps.accounts, reason));
      deps.onReviewRecorded?.();
    },
    async onReviewUndo(e) {
      await store.recordReviewUndo(e, plannedForUndo(e));
    },
    async onActionDone(job, outcome, jobId) {
      await safe('action outcome', () => store.recordActionOutcome(actionOf(job, jobId), outcome, now()));
    },
    async onActionFailed(job, err, final, jobId) {
      await safe('action failure', () =>
        store.recordActionFailure(actionOf(job, jobId), err.message, final, now()),
      );
    },
    async onDeadLetter(queue, jobId, data, err) {
      // `{act-…}` jobs carry their key; `{moderate}` jobs are the comment itself.
      const withKey = z.object({ key: z.string() }).safeParse(data);
      const comment = CommentSchema.safeParse(data);
      const key = withKey.success ? withKey.data.key : comment.success ? commentKey(comment.data) : undefined;
      await safe('dead letter', () => store.recordDeadLetter(queue, jobId, key, err.message, now()));
    },
    async onAccountPost(e) {
      await safe('account post', () => store.recordAccountPost(e));
    },
  };
}
