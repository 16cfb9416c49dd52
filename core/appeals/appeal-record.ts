import { z } from 'zod';
import { PlatformSchema } from '../comment.ts';
import { APPEAL_KINDS } from './appeal-detection.ts';

/**
 * Life of an appeal. `open`, `transferred` and `escalated` still wait for an answer; `answered` and
 * `not_an_appeal` are final.
 */
export const APPEAL_STATES = ['open', 'transferred', 'escalated', 'answered', 'not_an_appeal'] as const;
export type AppealState = (typeof APPEAL_STATES)[number];
export const WAITING_STATES: readonly AppealState[] = ['open', 'transferred', 'escalated'];

export const isWaiting = (s: AppealState): boolean => WAITING_STATES.includes(s);

/** Who did something to an appeal: an official in Telegram, the community on the platform, or Strazh. */
export const AppealActorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('official'), id: z.string().min(1), name: z.string().default('') }),
  z.object({ kind: z.literal('platform'), replyId: z.string().min(1), authorId: z.string().default('') }),
  z.object({ kind: z.literal('system') }),
]);
export type AppealActor = z.infer<typeof AppealActorSchema>;

export const APPEAL_EVENT_TYPES = [
  'opened',
  'reminder_due',
  'escalated',
  'transferred',
  'answered',
  'not_an_appeal',
] as const;
export type AppealEventType = (typeof APPEAL_EVENT_TYPES)[number];

export const AppealHistoryEntrySchema = z.object({
  type: z.enum(APPEAL_EVENT_TYPES),
  at: z.iso.datetime(),
  by: AppealActorSchema,
  /** Department before and after a transfer; the department for the other entries. */
  fromDepartment: z.string().optional(),
  department: z.string(),
  note: z.string().max(2000).optional(),
});
export type AppealHistoryEntry = z.infer<typeof AppealHistoryEntrySchema>;

/** One appeal: one per comment (`platform:account:comment`, edits included), with its whole history. */
export const AppealRecordSchema = z.object({
  id: z.string().min(1),
  /** Key of the comment revision that opened it (with the revision for edits). */
  commentKey: z.string().min(1),
  platform: PlatformSchema,
  accountId: z.string(),
  commentId: z.string(),
  objectId: z.string(),
  permalink: z.string(),
  author: z.object({ id: z.string(), name: z.string() }),
  /** The comment text with obscene words masked: this is what officials see. */
  text: z.string(),
  commentedAt: z.iso.datetime({ offset: true }),
  kind: z.enum(APPEAL_KINDS),
  topic: z.string(),
  topicName: z.string(),
  score: z.number(),
  reasons: z.array(z.string()),
  detectorVersion: z.string(),
  /** What the moderation rules decided about the same comment (the appeal does not change it). */
  moderationOutcome: z.enum(['delete', 'review', 'keep']),
  department: z.string(),
  state: z.enum(APPEAL_STATES),
  openedAt: z.iso.datetime(),
  /** First-answer deadline (working hours of the department that first received it). */
  dueAt: z.iso.datetime(),
  /** When the department's chat is reminded; absent when no reminder is due. */
  remindAt: z.iso.datetime().optional(),
  remindedAt: z.iso.datetime().optional(),
  escalatedAt: z.iso.datetime().optional(),
  answeredAt: z.iso.datetime().optional(),
  answeredBy: AppealActorSchema.optional(),
  closedAt: z.iso.datetime().optional(),
  history: z.array(AppealHistoryEntrySchema),
  /** Bumped on every change. */
  revision: z.number().int().nonnegative(),
});
export type AppealRecord = z.infer<typeof AppealRecordSchema>;

/** What happened to an appeal, with the record as it is after the change: what sinks (bot, audit) get. */
export interface AppealEvent {
  readonly type: AppealEventType;
  readonly appeal: AppealRecord;
  readonly at: string;
}

/** Something an official, the platform or the clock does to an appeal. */
export type AppealAction =
  | { readonly type: 'answer'; readonly by: AppealActor; readonly at: Date; readonly note?: string }
  | {
      readonly type: 'transfer';
      readonly by: AppealActor;
      readonly at: Date;
      readonly toDepartment: string;
      readonly note?: string;
    }
  | { readonly type: 'not_an_appeal'; readonly by: AppealActor; readonly at: Date; readonly note?: string }
  | { readonly type: 'remind'; readonly at: Date }
  | { readonly type: 'escalate'; readonly at: Date };

/** Why an action does not apply; the caller decides whether that is an error (a button) or a no-op (the clock). */
export type AppealRefusal =
  | { readonly refused: 'final'; readonly state: AppealState }
  | { readonly refused: 'not_due'; readonly at: string }
  | { readonly refused: 'already'; readonly state: AppealState }
  | { readonly refused: 'same_department'; readonly department: string };

export type AppealTransition =
  | { readonly ok: true; readonly record: AppealRecord; readonly event: AppealEvent }
  | ({ readonly ok: false } & AppealRefusal);

const SYSTEM: AppealActor = { kind: 'system' };

/**
 * Applies one action to an appeal. Pure: returns the new record and the event to publish, or why the
 * action does not apply. Final states accept nothing; a reminder is sent once; escalation happens once
 * per department and only after the deadline; a transfer keeps the deadline and the whole history (the
 * citizen's wait does not restart), and the new department's supervisor is told if it is overdue.
 */
export function applyAppealAction(r: AppealRecord, a: AppealAction): AppealTransition {
  if (!isWaiting(r.state)) return { ok: false, refused: 'final', state: r.state };
  const at = a.at.toISOString();
  const next = (
    patch: Partial<AppealRecord>,
    entry: Omit<AppealHistoryEntry, 'at' | 'department'>,
  ): AppealTransition => {
    const record: AppealRecord = {
      ...r,
      ...patch,
      history: [...r.history, { at, department: patch.department ?? r.department, ...entry }],
      revision: r.revision + 1,
    };
    return { ok: true, record, event: { type: entry.type, appeal: record, at } };
  };
  switch (a.type) {
    case 'answer':
      return next(
        { state: 'answered', answeredAt: at, answeredBy: a.by, closedAt: at, remindAt: undefined },
        { type: 'answered', by: a.by, note: a.note },
      );
    case 'not_an_appeal':
      return next(
        { state: 'not_an_appeal', closedAt: at, remindAt: undefined },
        { type: 'not_an_appeal', by: a.by, note: a.note },
      );
    case 'transfer': {
      if (a.toDepartment === r.department)
        return { ok: false, refused: 'same_department', department: r.department };
      // A department it was already escalated in is not escalated again (back and forth, X → Y → X).
      const escalatedThere = r.history.findLast(
        (h) => h.type === 'escalated' && h.department === a.toDepartment,
      )?.at;
      return next(
        { state: 'transferred', department: a.toDepartment, escalatedAt: escalatedThere },
        { type: 'transferred', by: a.by, fromDepartment: r.department, note: a.note },
      );
    }
    case 'remind': {
      if (r.remindedAt !== undefined || r.remindAt === undefined)
        return { ok: false, refused: 'already', state: r.state };
      if (a.at.getTime() < Date.parse(r.remindAt)) return { ok: false, refused: 'not_due', at: r.remindAt };
      return next({ remindedAt: at, remindAt: undefined }, { type: 'reminder_due', by: SYSTEM });
    }
    case 'escalate': {
      if (r.escalatedAt !== undefined) return { ok: false, refused: 'already', state: r.state };
      if (a.at.getTime() < Date.parse(r.dueAt)) return { ok: false, refused: 'not_due', at: r.dueAt };
      return next(
        { state: 'escalated', escalatedAt: at, remindAt: undefined },
        { type: 'escalated', by: SYSTEM },
      );
    }
  }
}
