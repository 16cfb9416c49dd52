import type { Socket } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { producerConnection, workerConnection } from '../../queues/connections.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `test-coalesce-${process.pid}-${Date.now()}`;

/** Counts the socket's actual writes (one per system call's worth of data handed to the handle). */
function countWrites(redis: Redis): { writes: number } {
  const stream = redis.stream as Socket & {
    _write: (...a: unknown[]) => void;
    _writev: (...a: unknown[]) => void;
  };
  const seen = { writes: 0 };
  const write = stream._write.bind(stream);
  const writev = stream._writev.bind(stream);
  stream._write = (...a: unknown[]) => {
    seen.writes++;
    write(...a);
  };
  stream._writev = (...a: unknown[]) => {
    seen.writes++;
    writev(...a);
  };
  return seen;
}

const ready = (r: Redis) =>
  r.status === 'ready' ? Promise.resolve() : new Promise<void>((res) => r.once('ready', () => res()));

/** Commands issued from separate ticks of one event-loop turn, as webhooks and jobs issue them. */
async function commandsFromSeparateTicks(redis: Redis, n: number): Promise<string[]> {
  const replies: Promise<string | null>[] = [];
  for (let i = 0; i < n; i++) {
    replies.push(
      new Promise<string | null>((resolve, reject) =>
        process.nextTick(() => {
          const key = `${prefix}:k${i}`;
          redis
            .set(key, `v${i}`)
            .then(() => redis.get(key))
            .then(resolve, reject);
        }),
      ),
    );
  }
  return (await Promise.all(replies)).map(String);
}

describe('coalesced socket writes (real Redis)', () => {
  const opened: Redis[] = [];
  afterAll(async () => {
    await deletePrefix(REDIS_URL, prefix);
    for (const r of opened) r.disconnect();
  });

  it.each([
    ['worker connection', () => workerConnection(REDIS_URL)],
    ['producer connection', () => producerConnection(REDIS_URL)],
  ])('%s: commands of one turn leave in one write, in order, with their own replies', async (_, open) => {
    const redis = open();
    opened.push(redis);
    await ready(redis);
    const seen = countWrites(redis);
    const values = await commandsFromSeparateTicks(redis, 20);
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`));
    // 20 SETs in one turn, then 20 GETs in a later one: two writes instead of forty.
    expect(seen.writes).toBeLessThanOrEqual(4);
    expect(seen.writes).toBeGreaterThanOrEqual(1);
  });

  it('keeps coalescing on the new socket after a reconnect', async () => {
    const redis = workerConnection(REDIS_URL);
    opened.push(redis);
    await ready(redis);
    const first = redis.stream;
    redis.disconnect(true);
    await new Promise<void>((res) => redis.once('ready', () => res()));
    expect(redis.stream).not.toBe(first);
    const seen = countWrites(redis);
    const values = await commandsFromSeparateTicks(redis, 20);
    expect(values).toHaveLength(20);
    expect(seen.writes).toBeLessThanOrEqual(4);
  });
});
