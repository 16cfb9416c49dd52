import type { Account } from '../config/accounts.ts';
import type { Comment } from '../core/comment.ts';
import type { Outcome } from '../core/decide.ts';
import type { Verdict } from '../core/engine.ts';
import type { ActionOutcome } from '../adapters/platform-actions.ts';
import type { ActJob, PlatformAction } from '../queues/payloads.ts';

/** One moderation decision, as the audit log and metrics see it. */
export interface DecisionEvent {
  readonly key: string;
  readonly comment: Comment;
  readonly account: Account;
  readonly verdict: Verdict;
  readonly outcome: Outcome;
  readonly decidedAt: Date;
  /** The `{moderate}` job that decided it: its automatic actions go out in that job's act batch. */
  readonly moderateJobId?: string;
}

/** A moderator's decision on a comment that was sent to review (Telegram bot). */
export interface ReviewDecisionEvent {
  readonly key: string;
  readonly comment: Comment;
  readonly decision: 'delete' | 'keep' | 'delete_and_ban';
  readonly moderator: { readonly id: string; readonly name: string };
  readonly decidedAt: Date;
}

/** A moderator's `/undo` of a review decision, with the platform action that reverses it (if any). */
export interface ReviewUndoEvent {
  readonly key: string;
  readonly comment: Comment;
  readonly undone: ReviewDecisionEvent['decision'];
  readonly action: PlatformAction | undefined;
  readonly moderator: { readonly id: string; readonly name: string };
  readonly undoneAt: Date;
}

/** A post the account itself published (clause 2.2 counts them per week). */
export interface AccountPostEvent {
  readonly accountId: string;
  readonly postId: string;
  readonly publishedAt: Date;
}

/**
 * Hooks the pipeline calls at each step. `onDecision` is awaited BEFORE any platform action is
 * queued (write-ahead): if it throws, the job is retried and nothing is deleted unrecorded.
 */
export interface ModerationObserver {
  onDecision?(e: DecisionEvent): Promise<void>;
  /** A batch of decisions; when absent, `onDecision` is called for each event, all at once. */
  onDecisions?(events: readonly DecisionEvent[]): Promise<void>;
  /**
   * An action's outcome. `jobId`: the BullMQ job that carried it out (an act batch's, for automatic
   * actions), so the record goes to the request that job was queued for.
   */
  onActionDone?(job: ActJob, outcome: ActionOutcome, jobId?: string): Promise<void>;
  onActionFailed?(job: ActJob, err: Error, final: boolean, jobId?: string): Promise<void>;
  /** A job reached the failed (dead-letter) state: a person must look at it. */
  onDeadLetter?(queue: string, jobId: string | undefined, data: unknown, err: Error): Promise<void>;
  /** Awaited before the moderator's action is queued (write-ahead, like `onDecision`). */
  onReviewDecision?(e: ReviewDecisionEvent): Promise<void>;
  /** Awaited before the undo's platform action is queued (write-ahead, like `onReviewDecision`). */
  onReviewUndo?(e: ReviewUndoEvent): Promise<void>;
  onAccountPost?(e: AccountPostEvent): Promise<void>;
}

/** Calls several observers in order. */
export function combineObservers(list: readonly ModerationObserver[]): ModerationObserver {
  return {
    async onDecision(e) {
      for (const o of list) await o.onDecision?.(e);
    },
    // Observer by observer, in order (the audit log first: write-ahead); within one observer the
    // events go at once, so a store can commit them together and Redis can pipeline them.
    async onDecisions(events) {
      for (const o of list) {
        if (o.onDecisions) await o.onDecisions(events);
        else if (o.onDecision) {
          const one = o.onDecision.bind(o);
          await Promise.all(events.map((e) => one(e)));
        }
      }
    },
    async onActionDone(j, r, jobId) {
      for (const o of list) await o.onActionDone?.(j, r, jobId);
    },
    async onActionFailed(j, err, final, jobId) {
      for (const o of list) await o.onActionFailed?.(j, err, final, jobId);
    },
    async onDeadLetter(q, id, d, err) {
      for (const o of list) await o.onDeadLetter?.(q, id, d, err);
    },
    async onReviewDecision(e) {
      for (const o of list) await o.onReviewDecision?.(e);
    },
    async onReviewUndo(e) {
      for (const o of list) await o.onReviewUndo?.(e);
    },
    async onAccountPost(e) {
      for (const o of list) await o.onAccountPost?.(e);
    },
  };
}
