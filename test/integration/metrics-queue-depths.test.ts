import { Queue } from 'bullmq';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { metricsRoute } from '../../http/metrics-route.ts';
import { Metrics } from '../../metrics/metrics.ts';
import { producerConnection } from '../../queues/connections.ts';
import { PrivateRedis } from '../helpers/private-redis.ts';

describe('/metrics queue depths (a private Redis, stopped mid-test)', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  // Regression: with Redis down the scrape kept serving the last depths read, as if current — an
  // alert could not tell «Redis down» from «queue steady».
  it('serves the depths read now, and none (with strazh_queue_jobs_read 0) when Redis cannot be read', async () => {
    const redis = await PrivateRedis.create();
    cleanups.push(() => redis.destroy());
    const connection = producerConnection(redis.url, { connectTimeout: 300 });
    connection.on('error', () => undefined);
    cleanups.push(async () => connection.disconnect());
    const queue = new Queue('{moderate}', { connection, prefix: 'metrics-test' });
    queue.on('error', () => undefined);
    await queue.add('batch', { comments: [] });
    const app = Fastify();
    metricsRoute(new Metrics(false), () => [queue])(app);
    cleanups.push(() => app.close());
    const scrape = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body;

    const up = await scrape();
    expect(up).toContain('strazh_queue_jobs{queue="{moderate}",state="waiting"} 1');
    expect(up).toMatch(/^strazh_queue_jobs_read 1$/m);
    await redis.stop();
    const down = await scrape();
    expect(down).not.toMatch(/^strazh_queue_jobs\{/m);
    expect(down).toMatch(/^strazh_queue_jobs_read 0$/m);
  }, 30_000);
});
