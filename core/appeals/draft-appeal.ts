import type { Comment } from '../comment.ts';
import type { Outcome } from '../decide.ts';
import { commentKey } from '../comment.ts';
import type { AppealDetection } from './appeal-detection.ts';
import type { AppealRecord } from './appeal-record.ts';
import { maskObscene, type MaskableResult } from './mask-obscene.ts';
import type { Department } from './routing.ts';
import { addWorkingHours } from './working-time.ts';

/** Identity of the appeal of a comment: edits of the same comment stay one appeal. */
export function appealIdOf(c: Pick<Comment, 'platform' | 'accountId' | 'commentId'>): string {
  return `${c.platform}:${c.accountId}:${c.commentId}`;
}

export interface AppealDraftInput {
  readonly comment: Comment;
  readonly detection: AppealDetection;
  readonly topicName: string;
  readonly detectorVersion: string;
  /** The moderation rule results; obscene spans are masked in the text officials see. */
  readonly moderation: readonly MaskableResult[];
  readonly moderationOutcome: Outcome;
  readonly department: Department;
  readonly now: Date;
}

/**
 * Builds a new appeal record for a comment the detector called an appeal. The deadline is counted
 * in the department's working hours from when the citizen wrote (or from `now` if the platform's
 * time is in the future), so a late delivery does not give the department extra time. Pure.
 *
 * @throws {Error} when the detection is not an appeal.
 */
export function draftAppeal(i: AppealDraftInput): AppealRecord {
  const { comment, detection, department } = i;
  if (!detection.isAppeal || detection.kind === null || detection.topic === null)
    throw new Error('draftAppeal needs a detection that is an appeal');
  const written = new Date(Math.min(Date.parse(comment.createdAt), i.now.getTime()));
  const dueAt = addWorkingHours(written, department.firstAnswerHours, department.schedule);
  const remindAfter = department.firstAnswerHours - department.remindBeforeHours;
  const remindAt =
    department.remindBeforeHours > 0 && remindAfter > 0
      ? addWorkingHours(written, remindAfter, department.schedule)
      : undefined;
  const openedAt = i.now.toISOString();
  return {
    id: appealIdOf(comment),
    commentKey: commentKey(comment),
    platform: comment.platform,
    accountId: comment.accountId,
    commentId: comment.commentId,
    objectId: comment.objectId,
    permalink: comment.permalink,
    author: { id: comment.author.id, name: comment.author.name },
    text: maskObscene(comment.text, i.moderation),
    commentedAt: comment.createdAt,
    kind: detection.kind,
    topic: detection.topic,
    topicName: i.topicName,
    score: detection.score,
    reasons: [...detection.reasons],
    detectorVersion: i.detectorVersion,
    moderationOutcome: i.moderationOutcome,
    department: department.id,
    state: 'open',
    openedAt,
    dueAt: dueAt.toISOString(),
    remindAt: remindAt && remindAt > i.now ? remindAt.toISOString() : undefined,
    history: [{ type: 'opened', at: openedAt, by: { kind: 'system' }, department: department.id }],
    revision: 0,
  };
}
