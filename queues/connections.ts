import { Redis, type RedisOptions } from 'ioredis';

/**
 * A connection for BullMQ workers: blocking commands must wait for Redis to come back rather than
 * fail, so requests are retried without limit.
 */
export function workerConnection(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...extra });
}

/**
 * A connection for producers (webhook handlers): when Redis is down they must fail fast so the
 * platform gets an error and redelivers, instead of a request hanging.
 */
export function producerConnection(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectTimeout: 5000,
    ...extra,
  });
}
