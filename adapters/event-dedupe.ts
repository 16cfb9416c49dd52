import type { Redis } from 'ioredis';

/**
 * Remembers platform delivery ids (VK `event_id`) for a while so a redelivered event is dropped
 * before it is mapped. It complements the comment-key dedupe of the intake: events that are not
 * comments (e.g. the community's own posts) are deduplicated too.
 */
export class EventDedupe {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  #key(scope: string, eventId: string): string {
    return `${this.prefix}:event-seen:${scope}:${eventId}`;
  }

  /**
   * Claims an event id. Returns false when it was claimed before (a redelivery).
   * Call {@link release} when handling the claimed event fails, so the redelivery is processed.
   */
  async claim(scope: string, eventId: string): Promise<boolean> {
    const r = await this.redis.set(this.#key(scope, eventId), '1', 'EX', this.ttlSeconds, 'NX');
    return r === 'OK';
  }

  async release(scope: string, eventId: string): Promise<void> {
    await this.redis.del(this.#key(scope, eventId));
  }
}
