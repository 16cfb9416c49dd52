import type { ModerationObserver } from '../workers/moderation-observer.ts';
import type { Metrics } from './metrics.ts';

const secondsSince = (ms: number): number => Math.max(0, (Date.now() - ms) / 1000);

/** Feeds the pipeline's events into the Prometheus counters and histograms. */
export function metricsObserver(m: Metrics): ModerationObserver {
  return {
    async onDecision(e) {
      const platform = e.comment.platform;
      m.decided.inc({ platform, verdict: e.verdict.verdict, outcome: e.outcome });
      m.decisionLatency.observe({ platform }, secondsSince(e.comment.receivedAt));
      for (const category of e.verdict.categories) m.categoryHits.inc({ platform, category });
    },
    async onActionDone(job, outcome) {
      m.actions.inc({ platform: job.comment.platform, action: job.action, status: outcome.status });
      if (job.requestedBy.kind === 'auto')
        m.actionLatency.observe(
          { platform: job.comment.platform, action: job.action },
          secondsSince(job.comment.receivedAt),
        );
    },
    async onActionFailed(job, _err, final) {
      m.actionFailures.inc({ platform: job.comment.platform, action: job.action, final: String(final) });
    },
    async onDeadLetter(queue) {
      m.deadLetters.inc({ queue });
    },
    async onReviewDecision(e) {
      m.reviewWait.observe(Math.max(0, (e.decidedAt.getTime() - e.comment.receivedAt) / 1000));
    },
  };
}
