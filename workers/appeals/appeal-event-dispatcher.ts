import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  AppealRecordSchema,
  APPEAL_EVENT_TYPES,
  type AppealEvent,
} from '../../core/appeals/appeal-record.ts';
import type { AppealKeys } from './appeal-keys.ts';
import type { AppealSink } from './appeal-sink.ts';

const EventSchema = z.object({
  type: z.enum(APPEAL_EVENT_TYPES),
  appeal: AppealRecordSchema,
  at: z.string(),
});

type StreamEntry = [id: string, fields: string[]];

export interface DispatcherOptions {
  /** How long one read waits for new events (ms); also bounds how long `stop()` takes. */
  readonly blockMs?: number;
  /** A failed event is retried after this idle time (ms), also when its consumer died. */
  readonly retryAfterMs?: number;
}

/**
 * Delivers the appeal outbox stream to one sink, in order, through a Redis consumer group: new events are read
 * with XREADGROUP, acknowledged after the sink accepted them, and events a sink failed on (or a dead
 * process left pending) are claimed again with XAUTOCLAIM after `retryAfterMs`.
 */
export class AppealEventDispatcher {
  readonly #consumer = `${hostname()}-${process.pid}`;
  readonly #blockMs: number;
  readonly #retryMs: number;
  #running: Promise<void> | undefined;
  #stopping = false;

  constructor(
    /** A connection of its own: XREADGROUP BLOCK holds it while waiting. */
    private readonly redis: Redis,
    private readonly keys: AppealKeys,
    private readonly sink: AppealSink,
    private readonly log: Logger,
    opts: DispatcherOptions = {},
  ) {
    this.#blockMs = opts.blockMs ?? 1000;
    this.#retryMs = opts.retryAfterMs ?? 30_000;
  }

  /** Creates the consumer group (from the start of the retained stream) if it does not exist. */
  async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.keys.events, this.sink.name, '0', 'MKSTREAM');
    } catch (err) {
      if (!(err instanceof Error && err.message.includes('BUSYGROUP'))) throw err;
    }
  }

  /** Handles what is there now (retries first, then new events); returns how many were delivered. */
  async runOnce(block = false): Promise<number> {
    let delivered = 0;
    const claimed = (await this.redis.xautoclaim(
      this.keys.events,
      this.sink.name,
      this.#consumer,
      this.#retryMs,
      '0-0',
      'COUNT',
      20,
    )) as [string, StreamEntry[]];
    const retried = await this.#deliver(claimed[1] ?? []);
    delivered += retried.n;
    // Keep the sink's order: nothing newer while an older event is still failing — also when it is not
    // yet due for its retry (XAUTOCLAIM gave nothing back, but it is still pending).
    if (retried.failed || (await this.#pendingCount()) > 0) {
      if (block) await new Promise((r) => setTimeout(r, this.#blockMs));
      return delivered;
    }
    const args: (string | number)[] = ['GROUP', this.sink.name, this.#consumer, 'COUNT', 50];
    if (block) args.push('BLOCK', this.#blockMs);
    const res = (await (this.redis.xreadgroup as (...a: (string | number)[]) => Promise<unknown>)(
      ...args,
      'STREAMS',
      this.keys.events,
      '>',
    )) as [string, StreamEntry[]][] | null;
    for (const [, entries] of res ?? []) delivered += (await this.#deliver(entries)).n;
    return delivered;
  }

  /** Entries delivered to this group and not acknowledged (failed, or in delivery elsewhere). */
  async #pendingCount(): Promise<number> {
    const summary = (await this.redis.xpending(this.keys.events, this.sink.name)) as [number, ...unknown[]];
    return Number(summary[0] ?? 0);
  }

  /** Starts delivering in the background until `stop()`. */
  start(): void {
    this.#running ??= (async () => {
      await this.ensureGroup();
      while (!this.#stopping) {
        try {
          await this.runOnce(true);
        } catch (err) {
          if (this.#stopping) break;
          this.log.error({ err, sink: this.sink.name }, 'appeal events: read failed; retrying');
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#running;
  }

  /**
   * Delivers in stream order and stops at the first failure: the rest stay pending and are claimed
   * again, in order, by the next run, so a sink never sees a reminder before the card it belongs to.
   */
  async #deliver(entries: readonly StreamEntry[]): Promise<{ n: number; failed: boolean }> {
    let n = 0;
    for (const [id, fields] of entries) {
      if (!fields) continue; // deleted by trimming while pending
      const json = fields[fields.indexOf('event') + 1];
      let event: AppealEvent;
      try {
        event = EventSchema.parse(JSON.parse(json ?? ''));
      } catch (err) {
        // A malformed entry can never succeed: log it and move on instead of retrying forever.
        this.log.error({ err, id, sink: this.sink.name }, 'appeal events: malformed entry skipped');
        await this.redis.xack(this.keys.events, this.sink.name, id);
        continue;
      }
      try {
        await this.sink.handle(event);
        await this.redis.xack(this.keys.events, this.sink.name, id);
        n++;
      } catch (err) {
        // A sink refusing work while the process stops is expected: the event waits for the next start.
        this.log[this.#stopping ? 'debug' : 'warn'](
          { err, id, sink: this.sink.name, appeal: event.appeal.id, type: event.type },
          'appeal sink failed; the event will be retried',
        );
        return { n, failed: true };
      }
    }
    return { n, failed: false };
  }
}
