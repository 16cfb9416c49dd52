import type { Redis } from 'ioredis';

/**
 * Remembers platform delivery ids (VK `event_id`) for a while so a redelivered event is dropped
 * before it is mapped. It complements the comment claims of the moderate worker: events that are not
 * comments (e.g. the community's own posts) are deduplicated too.
 *
 * An id is remembered only AFTER its event was handled. Claiming it first lost comments: when Redis
 * went away between the claim and the intake, the claim could not be released, and VK's redelivery
 * was then answered "duplicate" while the comment had never been queued (seen in the Redis-restart
 * fault test). Two deliveries of one event at the same moment may both be handled; everything behind
 * this check is idempotent (comment claims, post and reply records).
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

  /** Whether this event was handled before (a redelivery). */
  async seen(scope: string, eventId: string): Promise<boolean> {
    return (await this.redis.exists(this.#key(scope, eventId))) === 1;
  }

  /** Notes that this event was handled; call it once handling succeeded. */
  async remember(scope: string, eventId: string): Promise<void> {
    await this.redis.set(this.#key(scope, eventId), '1', 'EX', this.ttlSeconds);
  }
}
