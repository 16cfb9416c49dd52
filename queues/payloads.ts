import { z } from 'zod';
import { CommentSchema, type Comment } from '../core/comment.ts';
import { ACCOUNT_MODES } from '../core/decide.ts';
import { ACTIONS, CATEGORIES } from '../core/rules/rule-result.ts';

/**
 * `{moderate}` job: the comments that arrived together (webhooks coalesced by the intake), moderated
 * as one job so BullMQ's per-job cost is paid once per batch, not once per comment.
 */
export const ModerateBatchSchema = z.object({ comments: z.array(z.unknown()).min(1).max(1000) });
export type ModerateBatch = { readonly comments: readonly Comment[] };

/** Who asked for a platform action. */
export const RequesterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('auto') }),
  z.object({ kind: z.literal('moderator'), id: z.string(), name: z.string().default('') }),
]);
export type Requester = z.infer<typeof RequesterSchema>;

/**
 * `unban` and `restore_and_unban` undo a ban (`/undo` of «Удалить и заблокировать»); the combined one
 * runs its steps once each across retries, like `delete_and_ban` (adapters/step-memo.ts).
 */
export const PLATFORM_ACTIONS = [
  'delete',
  'hide',
  'ban',
  'delete_and_ban',
  'unhide',
  'restore',
  'unban',
  'restore_and_unban',
] as const;
export const PlatformActionSchema = z.enum(PLATFORM_ACTIONS);
export type PlatformAction = z.infer<typeof PlatformActionSchema>;

/** The single steps the combined actions are made of: `delete_and_ban`, `restore_and_unban`. */
export const ActionStepSchema = z.enum(['delete', 'ban', 'unban', 'restore']);
export type ActionStep = z.infer<typeof ActionStepSchema>;

/**
 * The progress of an `{act-<platform>}` job whose combined action failed after some of its steps
 * went through (`job.progress`, written by the act worker before the job fails): `/undo` then
 * reverses exactly those steps, and the card says what was done.
 */
export const ActProgressSchema = z.object({ stepsDone: z.array(ActionStepSchema) });
export type ActProgress = z.infer<typeof ActProgressSchema>;

const SpanSchema = z.object({ start: z.number().int(), end: z.number().int() });
export const RuleResultSchema = z.object({
  ruleId: z.string(),
  category: z.enum(CATEGORIES),
  hit: z.boolean(),
  score: z.number(),
  spans: z.array(SpanSchema),
  details: z.looseObject({ action: z.enum(ACTIONS), reason: z.string(), ground: z.string() }),
});

/** `{act-<platform>}` job: carry out one action on the platform. */
export const ActJobSchema = z.object({
  key: z.string(),
  comment: CommentSchema,
  action: PlatformActionSchema,
  /** Ban length in days for ban actions; 0 = permanent. */
  banDays: z.number().int().min(0).default(0),
  /** Russian reason, sent to the platform where it takes one (VK ban comment). */
  reason: z.string().default(''),
  requestedBy: RequesterSchema,
});
export type ActJob = z.infer<typeof ActJobSchema>;
export type ActJobInput = z.input<typeof ActJobSchema>;

/**
 * `{act-<platform>}` job named {@link ACT_BATCH}: the automatic actions of one moderated batch, carried
 * out as one job so BullMQ's per-job cost is paid once per batch. Each action is still done once
 * (its own run-once marker), and succeeds, retries or goes to the dead letter on its own.
 */
export const ActBatchSchema = z.object({ actions: z.array(z.unknown()).min(1).max(1000) });
export type ActBatch = { readonly actions: readonly ActJobInput[] };
export const ACT_BATCH = 'batch';

/** What an act batch job returns: each carried-out action's outcome, by its action id. */
export interface ActBatchResult {
  readonly outcomes: Readonly<Record<string, { status: string; detail: string; manualUrl?: string }>>;
}

/** `{review}` job: a comment people must decide on, with everything the rules found. */
export const ReviewJobSchema = z.object({
  key: z.string(),
  comment: CommentSchema,
  verdict: z.enum(ACTIONS),
  mode: z.enum(ACCOUNT_MODES),
  categories: z.array(z.enum(CATEGORIES)),
  decidedBy: z.array(z.string()),
  ruleSetVersion: z.string(),
  /** Only the rules that hit; the audit log keeps all of them. */
  hits: z.array(RuleResultSchema),
});
export type ReviewJob = z.infer<typeof ReviewJobSchema>;

/** What a moderate job returns (kept briefly in BullMQ): counts per outcome for the batch. */
export interface ModerationSummary {
  readonly comments: number;
  /** Redeliveries of comments already decided (dropped). */
  readonly duplicates: number;
  /** Comments refused (unknown account, invalid record); each went to the dead letter. */
  readonly refused: number;
  readonly delete: number;
  readonly review: number;
  readonly keep: number;
}
