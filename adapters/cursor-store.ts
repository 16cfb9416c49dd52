import type { Redis } from 'ioredis';

/**
 * Where a poller stopped, kept in Redis so a restart continues exactly there: per OK account the
 * anchor of each topic, per VK Long Poll account the `ts` of the last batch that is fully queued.
 * One hash per scope: `<prefix>:cursor:<scope>`.
 */
export class CursorStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  #key(scope: string): string {
    return `${this.prefix}:cursor:${scope}`;
  }

  async get(scope: string, field: string): Promise<string | undefined> {
    return (await this.redis.hget(this.#key(scope), field)) ?? undefined;
  }

  async set(scope: string, field: string, value: string): Promise<void> {
    await this.redis.hset(this.#key(scope), field, value);
  }
}
