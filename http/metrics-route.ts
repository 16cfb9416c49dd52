import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics/metrics.ts';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

/** `GET /metrics` in the Prometheus text format; queue depths are read from Redis at scrape time. */
export function metricsRoute(metrics: Metrics, queues: () => readonly Queue[]) {
  return (app: FastifyInstance): void => {
    app.get('/metrics', async (_req, reply) => {
      await Promise.all(
        queues().map(async (q) => {
          const counts = await q.getJobCounts(...STATES);
          for (const state of STATES) metrics.queueJobs.set({ queue: q.name, state }, counts[state] ?? 0);
        }),
      ).catch(() => undefined); // Redis down: still serve the in-process figures
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  };
}
