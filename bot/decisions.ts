import type { Logger } from 'pino';
import type { AccountRegistry } from '../config/accounts.ts';
import { jobIdFor } from '../queues/job-options.ts';
import { actQueueName } from '../queues/names.ts';
import type { PlatformAction } from '../queues/payloads.ts';
import type { ModerationObserver } from '../workers/moderation-observer.ts';
import type { PipelineQueues } from '../workers/pipeline-queues.ts';
import type { MessageRef, ReviewStore, StoredItem } from './review-store.ts';
import type { TelegramOut } from './telegram-out.ts';
import { tgErrorText } from './telegram-errors.ts';
import { parseDecisionData } from './view/callback-data.ts';
import { alreadyDecidedText } from './view/card.ts';
import { actionFor, undoPlan } from './view/decision-plan.ts';
import { DECISION_RU } from './view/labels.ts';
import type { StoredDecision } from './view/model.ts';
import { formatTime } from './view/time.ts';
import { undoPendingNote, undoReplyText } from './view/undo-texts.ts';

/** A button press, reduced to what the decision logic needs. */
export interface Press {
  readonly userId: number;
  readonly userName: string;
  readonly username?: string | undefined;
  readonly data: string;
  /** The message the button was on (absent for inaccessible messages). */
  readonly message?: MessageRef | undefined;
  /** Answers the callback query (always called exactly once). */
  answer(text: string, alert: boolean): Promise<void>;
}

export interface DecisionDeps {
  readonly store: ReviewStore;
  readonly out: TelegramOut;
  readonly queues: PipelineQueues;
  readonly accounts: AccountRegistry;
  readonly observer: ModerationObserver;
  readonly moderators: ReadonlySet<string>;
  readonly undoWindowMs: number;
  readonly timeZone: string;
  readonly log: Logger;
  /** Called when a card stops being open, so held-back cards can be shown. */
  readonly onFreed: () => void;
}

/** Text of a first answer that is not a decision. */
export const TEXTS = {
  unknownButton: 'Эта кнопка больше не действует. Откройте свежую карточку через /next.',
  notModerator: (id: number) => `⛔ Решения принимают только модераторы. Ваш id: ${id}`,
  stale: 'Карточка устарела: этого комментария больше нет в очереди.',
  failed: 'Не удалось сохранить решение. Попробуйте ещё раз.',
  undoing:
    'Отмена прошлого решения ещё выполняется на платформе. Нажмите снова через минуту, когда в карточке появится её результат.',
} as const;

/**
 * Moderators' decisions and their undo. The first press wins atomically in Redis; the decision is
 * recorded through `onReviewDecision` (write-ahead) before its platform action is queued; a failure
 * in between withdraws the decision so nothing is half-done.
 */
export class Decisions {
  constructor(private readonly d: DecisionDeps) {}

  isModerator(userId: number): boolean {
    return this.d.moderators.has(String(userId));
  }

  async press(p: Press): Promise<void> {
    const { log, store } = this.d;
    const parsed = parseDecisionData(p.data);
    if (!parsed) {
      log.warn({ userId: p.userId, data: p.data.slice(0, 64), message: p.message }, 'unknown callback data');
      await p.answer(TEXTS.unknownButton, true);
      return;
    }
    const { decision, itemId } = parsed;
    if (!this.isModerator(p.userId)) {
      log.warn(
        { userId: p.userId, username: p.username, name: p.userName, itemId, decision },
        'decision refused: not a moderator',
      );
      await p.answer(TEXTS.notModerator(p.userId), true);
      return;
    }
    const item = await store.load(itemId);
    if (!item) {
      log.warn({ userId: p.userId, itemId, message: p.message }, 'press on a card that is no longer stored');
      await p.answer(TEXTS.stale, true);
      return;
    }
    const c = item.job.comment;
    const account = this.d.accounts.get(c.accountId);
    const action = actionFor(decision, c.platform, account?.hide_while_review ?? false);
    const now = Date.now();
    const moderator = { id: String(p.userId), name: p.userName };
    const res = await store.decide(
      itemId,
      { decision, by: moderator, at: now },
      { status: action ? 'pending' : 'none', detail: '', at: now },
    );
    if (res.status === 'missing') {
      await p.answer(TEXTS.stale, true);
      return;
    }
    if (res.status === 'undoing') {
      log.info({ itemId, userId: p.userId, tried: decision }, 'press while an undo is carried out');
      await p.answer(TEXTS.undoing, true);
      return;
    }
    if (res.status === 'taken') {
      log.info(
        { itemId, userId: p.userId, tried: decision, decided: res.decision },
        'second press on a decided card',
      );
      await p.answer(alreadyDecidedText(res.decision, this.d.timeZone), true);
      void this.d.out.refreshCard(itemId).catch(() => undefined);
      return;
    }
    try {
      await this.d.observer.onReviewDecision?.({
        key: item.job.key,
        comment: c,
        decision,
        moderator,
        decidedAt: new Date(now),
      });
      if (action) await this.#enqueue(item, action, res.decision, 'decision');
    } catch (err) {
      log.error({ err, itemId, decision }, 'decision could not be recorded or queued; withdrawn');
      await store.revert(itemId, res.decision, item.queuedAt);
      await p.answer(TEXTS.failed, true);
      return;
    }
    log.info({ itemId, key: item.job.key, decision, moderator, action }, 'review decision');
    await store.rememberLastDecision(moderator.id, itemId);
    await p.answer(`Принято: ${DECISION_RU[decision]}`, false);
    this.d.onFreed();
    void this.d.out.refreshCard(itemId).catch(() => undefined);
  }

  async #enqueue(
    item: StoredItem,
    action: PlatformAction,
    decision: StoredDecision,
    purpose: 'decision' | 'undo',
    requester: { readonly id: string; readonly name: string } = decision.by,
  ): Promise<void> {
    const c = item.job.comment;
    // The job id is the one the audit log records and its start-up reconciliation looks up:
    // `jobIdFor(key, action)`. A later decision with the same action (after /undo) reuses that id, so
    // what the finished job left (the job, its deduplication key, its result) is cleared first, or the
    // new job would be dropped — or, retried, take the old result for its own.
    const queue = actQueueName(c.platform);
    const jobId = jobIdFor(item.job.key, action);
    if (decision.rev > 1) await this.d.queues.reuseActionJobId(c.platform, jobId);
    await this.d.store.track({ itemId: item.id, queue, jobId, purpose, action, at: Date.now() });
    const reason = item.job.hits.find((h) => h.details.reason)?.details.reason ?? '';
    await this.d.queues.enqueueAction(
      {
        key: item.job.key,
        comment: c,
        action,
        banDays: this.d.accounts.get(c.accountId)?.ban_days ?? 0,
        reason,
        requestedBy: { kind: 'moderator', id: requester.id, name: requester.name },
      },
      action,
    );
  }

  /**
   * Undoes a decision as far as the platform allows: the card reopens; a deletion is reversed where
   * the platform can restore (within its window), a ban lifted where it can unban. The undo action is
   * on record (write-ahead, `onReviewUndo`) before it is queued. Returns the Russian answer for the
   * moderator, which says what is and is not undone.
   */
  async undo(userId: number, userName: string, itemId: string | undefined): Promise<string> {
    if (!this.isModerator(userId)) return 'Команда доступна только модераторам.';
    if (!itemId) return 'Ответьте командой /undo на карточку, решение по которой нужно отменить.';
    const item = await this.d.store.load(itemId);
    if (!item) return TEXTS.stale;
    const d = item.decision;
    if (!d) return 'По этой карточке решение ещё не принято.';
    if (item.outcome?.status === 'pending')
      return 'Действие на платформе ещё выполняется. Повторите /undo через минуту.';
    const c = item.job.comment;
    const account = this.d.accounts.get(c.accountId);
    const now = Date.now();
    const plan = undoPlan({
      platform: c.platform,
      kind: c.kind,
      decision: d.decision,
      decidedAt: d.at,
      now,
      windowMs: this.d.undoWindowMs,
      hideWhileReview: account?.hide_while_review ?? false,
      // A failed action left the platform as it was, except for the steps that went through.
      failed: item.outcome?.status === 'failed' ? { stepsDone: item.outcome.stepsDone ?? [] } : undefined,
    });
    if (!plan.ok) return plan.reason;
    const { action, notUndone, notNeeded } = plan;
    const moderator = { id: String(userId), name: userName };
    const who = `${userName || userId}, ${formatTime(now, this.d.timeZone)}`;
    const head = `Решение «${DECISION_RU[d.decision]}» (${d.by.name || d.by.id}) отменено: ${who}.`;
    try {
      await this.d.observer.onReviewUndo?.({
        key: item.job.key,
        comment: c,
        undone: d.decision,
        action,
        moderator,
        undoneAt: new Date(now),
      });
      if (action) {
        // Before the action is queued: its outcome may arrive before this call goes on, and clears it.
        await this.d.store.markUndoing(itemId, now);
        await this.#enqueue(item, action, d, 'undo', moderator);
      }
    } catch (err) {
      this.d.log.error({ err: tgErrorText(err), itemId }, 'undo could not be recorded or queued');
      if (action) await this.d.store.undoFinished(itemId).catch(() => undefined);
      return 'Не удалось отменить решение. Попробуйте ещё раз.';
    }
    const note = undoPendingNote(head, action, notUndone, notNeeded);
    if (!(await this.d.store.revert(itemId, d, item.queuedAt, note)))
      return 'Решение уже изменилось; обновите карточку.';
    this.d.log.info({ itemId, key: item.job.key, undone: d, by: userId, action }, 'review decision undone');
    void this.d.out.refreshCard(itemId).catch(() => undefined);
    return undoReplyText(action, notUndone, notNeeded);
  }
}
