import type { Selectable } from 'kysely';
import type { Comment } from '../core/comment.ts';
import type { Span } from '../core/rules/rule-result.ts';
import type {
  AuditActionTable,
  AuditCommentTable,
  AuditReviewTable,
  AuditRuleResultTable,
} from './schema.ts';

export type CommentRow = Selectable<AuditCommentTable>;
export type RuleResultRow = Selectable<AuditRuleResultTable>;
export type ActionRow = Selectable<AuditActionTable>;
export type ReviewRow = Selectable<AuditReviewTable>;

/** A platform action the pipeline is about to queue, recorded before it is queued. */
export interface PlannedAction {
  readonly action: string;
  readonly jobId: string;
  readonly requestedBy:
    { readonly kind: 'auto' } | { readonly kind: 'moderator'; readonly id: string; readonly name: string };
  readonly reason: string;
  readonly banDays: number;
}

/** Everything the audit log knows about one comment: the statement of reasons is built from it. */
export interface CommentRecord {
  readonly comment: CommentRow;
  readonly rules: readonly RuleResultView[];
  /** Every request of a platform action, in the order requested. */
  readonly actions: readonly ActionRow[];
  /** Every moderator's decision and /undo, in order. */
  readonly reviews: readonly ReviewRow[];
}

export interface RuleResultView {
  readonly ruleId: string;
  readonly category: string;
  readonly hit: boolean;
  readonly score: number;
  readonly action: string;
  readonly spans: readonly Span[];
  readonly details: Readonly<Record<string, unknown>>;
}

/** Turns a stored rule-result row back into its parts. */
export function ruleResultView(r: RuleResultRow): RuleResultView {
  return {
    ruleId: r.rule_id,
    category: r.category,
    hit: Number(r.hit) === 1,
    score: Number(r.score),
    action: r.action,
    spans: JSON.parse(r.spans) as Span[],
    details: JSON.parse(r.details) as Record<string, unknown>,
  };
}

/**
 * Rebuilds the normalised comment from its snapshot (to re-queue an action after a crash).
 * Returns undefined when the snapshot was purged.
 */
export function commentFromRow(r: CommentRow): Comment | undefined {
  if (r.text === null || r.author_id === null) return undefined;
  return {
    platform: r.platform as Comment['platform'],
    accountId: r.account_id,
    commentId: r.comment_id,
    objectId: r.object_id,
    ownerId: r.owner_id,
    kind: r.kind as Comment['kind'],
    author: { id: r.author_id, name: r.author_name ?? '' },
    text: r.text,
    createdAt: r.created_at,
    permalink: r.permalink ?? '',
    ...(r.revision === null ? {} : { revision: r.revision }),
    ...(r.reply_to_id === null ? {} : { replyToId: r.reply_to_id }),
    receivedAt: Date.parse(r.received_at),
  };
}
