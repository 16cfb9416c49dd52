import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds: fine below a second (the goal is well under 0.1 s), coarse up to an outage's minutes. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * Every Prometheus metric Strazh exports, in one registry per process (so tests running several
 * daemons in one process do not mix their figures).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly received = new Counter({
    name: 'strazh_comments_received_total',
    help: 'Comments accepted from the platforms (after validation, before deduplication)',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
  readonly decided = new Counter({
    name: 'strazh_comments_decided_total',
    help: 'Moderation decisions by rules verdict and by what was done after the account mode',
    labelNames: ['platform', 'verdict', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly categoryHits = new Counter({
    name: 'strazh_category_hits_total',
    help: 'Decided comments per clause 2.5 category that a rule found',
    labelNames: ['platform', 'category'] as const,
    registers: [this.registry],
  });
  readonly actions = new Counter({
    name: 'strazh_platform_actions_total',
    help: 'Platform actions carried out',
    labelNames: ['platform', 'action', 'status'] as const,
    registers: [this.registry],
  });
  readonly actionFailures = new Counter({
    name: 'strazh_platform_action_failures_total',
    help: 'Failed platform action attempts; final="true" ones went to the dead letter',
    labelNames: ['platform', 'action', 'final'] as const,
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: 'strazh_dead_letters_total',
    help: 'Jobs that reached the failed (dead-letter) state',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  readonly reviewWait = new Histogram({
    name: 'strazh_review_wait_seconds',
    help: 'Time from receiving a comment to a moderator decision',
    buckets: [60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400],
    registers: [this.registry],
  });
  // Moderation latency as residents and the press office feel it: from the webhook (or poll) that
  // brought the comment to the decision, and to the automatic action done on the platform.
  readonly decisionLatency = new Histogram({
    name: 'strazh_decision_latency_seconds',
    help: 'Time from receiving a comment to its moderation decision',
    labelNames: ['platform'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly actionLatency = new Histogram({
    name: 'strazh_action_latency_seconds',
    help: 'Time from receiving a comment to the automatic platform action carried out (rules, not moderators)',
    labelNames: ['platform', 'action'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly ruleReloads = new Counter({
    name: 'strazh_rule_reloads_total',
    help: 'Rule-set reloads by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly intakeLinger = new Gauge({
    name: 'strazh_intake_linger_seconds',
    help: 'How long the intake held the first comment of its latest batch for others to join (adapts to load)',
    registers: [this.registry],
  });
  readonly queueJobs = new Gauge({
    name: 'strazh_queue_jobs',
    help: 'Jobs per queue and state, read from Redis at scrape time (absent when Redis could not be read)',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  readonly queueJobsRead = new Gauge({
    name: 'strazh_queue_jobs_read',
    help: '1 when this scrape read the queue depths from Redis, 0 when it could not',
    registers: [this.registry],
  });

  constructor(defaults = true) {
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: 'strazh_' });
  }
}
