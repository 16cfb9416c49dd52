import type { Redis } from 'ioredis';

/**
 * Where polling of each OK topic stopped: the `anchor` of the last page whose comments are queued.
 * Kept in Redis (one hash per account), so a restart continues exactly there.
 */
export class OkCursorStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  #key(accountId: string): string {
    return `${this.prefix}:ok-cursor:${accountId}`;
  }

  async get(accountId: string, topicId: string): Promise<string | undefined> {
    return (await this.redis.hget(this.#key(accountId), topicId)) ?? undefined;
  }

  async set(accountId: string, topicId: string, anchor: string): Promise<void> {
    await this.redis.hset(this.#key(accountId), topicId, anchor);
  }
}
