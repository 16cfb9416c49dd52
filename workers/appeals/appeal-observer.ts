import type { Logger } from 'pino';
import { detectAppeal, topicName } from '../../core/appeals/appeal-detector.ts';
import type { AppealSetup } from '../../core/appeals/appeal-setup.ts';
import { draftAppeal } from '../../core/appeals/draft-appeal.ts';
import { routeAppeal } from '../../core/appeals/routing.ts';
import type { AppealRecord } from '../../core/appeals/appeal-record.ts';
import type { DecisionEvent, ModerationObserver } from '../moderation-observer.ts';
import type { AppealRegistry } from './appeal-registry.ts';

export interface AppealObserverDeps {
  readonly setup: () => AppealSetup;
  readonly registry: AppealRegistry;
  readonly log: Logger;
  readonly now?: () => Date;
}

/**
 * Turns moderation decisions into appeals: runs appeal detection on the text the rules already
 * normalised, routes it and registers it. It only observes — the moderation decision is made before
 * and is never changed. A bug in detection is logged and skipped (moderation must go on); a Redis
 * failure is thrown, so the moderate job is retried (its platform actions are idempotent) and no
 * appeal is lost.
 */
export function appealObserver(deps: AppealObserverDeps): ModerationObserver {
  const now = deps.now ?? (() => new Date());
  const draft = (e: DecisionEvent): AppealRecord | undefined => {
    const setup = deps.setup();
    const detection = detectAppeal(setup.detector, e.verdict.normalized);
    if (!detection.isAppeal || detection.topic === null) return undefined;
    const department = routeAppeal(setup.routing, detection.topic, e.comment.accountId);
    return draftAppeal({
      comment: e.comment,
      detection,
      topicName: topicName(setup.detector, detection.topic),
      detectorVersion: setup.detector.version,
      moderation: e.verdict.results,
      moderationOutcome: e.outcome,
      department,
      now: now(),
    });
  };
  return {
    async onDecision(e) {
      let record: AppealRecord | undefined;
      try {
        record = draft(e);
      } catch (err) {
        deps.log.error({ err, key: e.key }, 'appeal detection failed; comment not checked for an appeal');
        return;
      }
      if (!record) return;
      const { appeal, created } = await deps.registry.open(record);
      if (created) {
        deps.log.info(
          {
            key: e.key,
            appeal: appeal.id,
            topic: appeal.topic,
            kind: appeal.kind,
            department: appeal.department,
            dueAt: appeal.dueAt,
          },
          'appeal opened',
        );
      }
    },
  };
}
