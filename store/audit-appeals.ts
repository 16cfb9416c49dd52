import type { Kysely, Selectable } from 'kysely';
import type { AppealEvent } from '../core/appeals/appeal-record.ts';
import type { AuditAppealEventTable, AuditAppealTable, AuditDatabase } from './schema.ts';

export type AppealRow = Selectable<AuditAppealTable>;
export type AppealEventRow = Selectable<AuditAppealEventTable>;

/** One appeal as the audit log knows it: its latest state and its whole history, oldest first. */
export interface AppealView {
  readonly appeal: AppealRow;
  readonly history: readonly AppealEventRow[];
}

/**
 * Stores one appeal event: every history step once (appeal id + revision), and the appeal's row
 * moved forward only by a newer revision, so an event delivered twice or late changes nothing.
 * Personal data written once is never rewritten (the retention purge may have erased it).
 */
export async function recordAppealEvent(db: Kysely<AuditDatabase>, e: AppealEvent): Promise<void> {
  const a = e.appeal;
  const state = {
    department: a.department,
    state: a.state,
    due_at: a.dueAt,
    escalated_at: a.escalatedAt ?? null,
    answered_at: a.answeredAt ?? null,
    answered_by: a.answeredBy?.kind ?? null,
    closed_at: a.closedAt ?? null,
    revision: a.revision,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('audit_appeal')
      .values({
        id: a.id,
        comment_key: a.commentKey,
        platform: a.platform,
        account_id: a.accountId,
        comment_id: a.commentId,
        kind: a.kind,
        topic: a.topic,
        topic_name: a.topicName,
        first_department: a.history[0]?.department ?? a.department,
        moderation_outcome: a.moderationOutcome,
        commented_at: new Date(a.commentedAt).toISOString(),
        opened_at: a.openedAt,
        author_id: a.author.id,
        author_name: a.author.name,
        text: a.text,
        permalink: a.permalink,
        purged_at: null,
        ...state,
      })
      .onConflict((oc) => oc.column('id').doUpdateSet(state).where('audit_appeal.revision', '<', a.revision))
      .execute();
    if (a.history.length === 0) return;
    await trx
      .insertInto('audit_appeal_event')
      .values(
        a.history.map((h, revision) => ({
          appeal_id: a.id,
          revision,
          type: h.type,
          at: h.at,
          by_kind: h.by.kind,
          by_id: h.by.kind === 'official' ? h.by.id : h.by.kind === 'platform' ? h.by.replyId : null,
          by_name: h.by.kind === 'official' ? h.by.name : null,
          from_department: h.fromDepartment ?? null,
          department: h.department,
          note: h.note ?? null,
        })),
      )
      .onConflict((oc) => oc.columns(['appeal_id', 'revision']).doNothing())
      .execute();
  });
}

/**
 * Appeals by appeal id (`vk:acc:123`), comment key (with a revision) or the platform's comment id,
 * newest first, each with its history.
 */
export async function findAppeals(db: Kysely<AuditDatabase>, idOrCommentId: string): Promise<AppealView[]> {
  const rows = await db
    .selectFrom('audit_appeal')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('id', '=', idOrCommentId),
        eb('comment_key', '=', idOrCommentId),
        eb('comment_id', '=', idOrCommentId),
      ]),
    )
    .orderBy('opened_at', 'desc')
    .execute();
  return Promise.all(
    rows.map(async (appeal) => ({
      appeal,
      history: await db
        .selectFrom('audit_appeal_event')
        .selectAll()
        .where('appeal_id', '=', appeal.id)
        .orderBy('revision')
        .execute(),
    })),
  );
}
