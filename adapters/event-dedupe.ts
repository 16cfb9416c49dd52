import type { Redis } from 'ioredis';
import { MicroBatcher, ResultBatcher } from '../lib/micro-batch.ts';

// KEYS: the event ids' keys; ARGV[1]: seconds they are remembered.
const NOTE = `
for _, key in ipairs(KEYS) do redis.call('SET', key, '1', 'EX', ARGV[1]) end
return 0
`;

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
  // Webhooks handled in one turn of the event loop share one MGET and one script: a command per
  // webhook each had been a third of the daemon's Redis commands at full speed.
  readonly #checks: ResultBatcher<string, boolean>;
  readonly #notes: MicroBatcher<string>;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {
    this.#checks = new ResultBatcher(async (keys) =>
      (await this.redis.mget(...keys)).map((v) => ({ ok: true as const, value: v !== null })),
    );
    this.#notes = new MicroBatcher(async (keys) => {
      await this.redis.eval(NOTE, keys.length, ...keys, this.ttlSeconds);
    });
  }

  #key(scope: string, eventId: string): string {
    return `${this.prefix}:event-seen:${scope}:${eventId}`;
  }

  /** Whether this event was handled before (a redelivery). */
  seen(scope: string, eventId: string): Promise<boolean> {
    return this.#checks.push(this.#key(scope, eventId));
  }

  /** Notes that this event was handled; call it once handling succeeded. */
  remember(scope: string, eventId: string): Promise<void> {
    return this.#notes.push(this.#key(scope, eventId));
  }
}
