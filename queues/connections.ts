import type { Writable } from 'node:stream';
import { Redis, type RedisOptions } from 'ioredis';

const COALESCED = Symbol('strazh.coalescedWrites');

/**
 * Makes the commands a connection sends in one event-loop turn leave in one socket write. ioredis
 * writes every command (every BullMQ script call, every command outside a pipeline) to the socket at
 * once — one system call each, and one read for Redis — and its auto-pipelining only joins commands
 * issued in the same tick, while webhooks, jobs and replies each run in ticks of their own. Here the
 * socket is corked at the turn's first write and uncorked when the turn's I/O callbacks are done
 * (`setImmediate`): the commands then go out together (`writev`), in the same order, at most that
 * turn later. Measured in profiles: socket writes were the largest single cost on the daemon's
 * thread. Patched again on every reconnect (ioredis makes a new socket).
 */
export function coalesceWrites(redis: Redis): Redis {
  redis.on('connect', () => {
    const stream = redis.stream as (Writable & { [COALESCED]?: true }) | undefined;
    if (!stream || stream[COALESCED]) return;
    stream[COALESCED] = true;
    const write = stream.write.bind(stream);
    let corked = false;
    const uncork = () => {
      corked = false;
      stream.uncork();
    };
    stream.write = ((...args: Parameters<Writable['write']>) => {
      if (!corked) {
        corked = true;
        stream.cork();
        setImmediate(uncork);
      }
      return write(...args);
    }) as Writable['write'];
  });
  return redis;
}

/**
 * A connection for BullMQ workers: blocking commands must wait for Redis to come back rather than
 * fail, so requests are retried without limit.
 */
export function workerConnection(url: string, extra: RedisOptions = {}): Redis {
  return coalesceWrites(
    new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...extra }),
  );
}

/**
 * A connection for producers (webhook handlers): when Redis is down they must fail fast so the
 * platform gets an error and redelivers, instead of a request hanging.
 */
export function producerConnection(url: string, extra: RedisOptions = {}): Redis {
  return coalesceWrites(
    new Redis(url, {
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      connectTimeout: 5000,
      ...extra,
    }),
  );
}
