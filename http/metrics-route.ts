import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics/metrics.ts';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

/** `GET /metrics` in the Prometheus text format; queue depths are read from Redis at scrape time. */
export function metricsRoute(metrics: Metrics, queues: () => readonly Queue[]) {
  return (app: FastifyInstance): void => {
    app.get('/metrics', async (_req, reply) => {
      try {
        const all = await Promise.all(
          queues().map(async (q) => [q.name, await q.getJobCounts(...STATES)] as const),
        );
        for (const [queue, counts] of all)
          for (const state of STATES) metrics.queueJobs.set({ queue, state }, counts[state] ?? 0);
        metrics.queueJobsRead.set(1);
      } catch {
        // Redis down: the in-process figures are still served, but not the last depths read as if
        // they were current (an alert could not tell «Redis down» from «queue steady»).
        metrics.queueJobs.reset();
        metrics.queueJobsRead.set(0);
      }
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  };
}
