import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** Event-loop utilisation at or below which the shortest linger is used. */
export const IDLE_BELOW = 0.5;
/** Event-loop utilisation at or above which the longest linger is used. */
export const BUSY_ABOVE = 0.9;

/**
 * The linger for a given event-loop utilisation (0–1): `minMs` while the loop has time to spare,
 * rising linearly to `maxMs` as it nears saturation. Every batch costs Redis scripts, socket writes and
 * an audit commit whatever its size, so a busy loop gains most from fewer, larger batches; an idle one
 * would only add the wait to every comment's latency.
 */
export function lingerForLoad(utilisation: number, minMs: number, maxMs: number): number {
  if (!(utilisation > IDLE_BELOW) || maxMs <= minMs) return minMs;
  if (utilisation >= BUSY_ABOVE) return maxMs;
  const share = (utilisation - IDLE_BELOW) / (BUSY_ABOVE - IDLE_BELOW);
  return Math.round(minMs + share * (maxMs - minMs));
}

/** The event loop's cumulative idle and active time (Node's perf_hooks by default). */
export type UtilisationSource = () => Pick<EventLoopUtilization, 'idle' | 'active'>;

/**
 * The intake's linger, adapted to the load of this process's event loop: sampled every `sampleMs`,
 * smoothed over about a second so one long task does not swing it. A fixed linger when min = max.
 */
export class LoadLinger {
  #utilisation = 0;
  #last: Pick<EventLoopUtilization, 'idle' | 'active'>;
  readonly #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly minMs: number,
    readonly maxMs: number,
    sampleMs = 250,
    private readonly read: UtilisationSource = () => performance.eventLoopUtilization(),
  ) {
    if (!(minMs >= 0) || !(maxMs >= minMs))
      throw new RangeError(`linger bounds must satisfy 0 ≤ min ≤ max, got ${minMs} and ${maxMs}`);
    this.#last = read();
    if (maxMs > minMs) {
      this.#timer = setInterval(() => this.sample(), sampleMs);
      this.#timer.unref();
    }
  }

  /** Takes one sample (the timer's job; tests call it directly). */
  sample(): void {
    const now = this.read();
    const active = now.active - this.#last.active;
    const elapsed = active + now.idle - this.#last.idle;
    this.#last = now;
    if (!(elapsed > 0)) return;
    this.#utilisation = this.#utilisation * 0.5 + (active / elapsed) * 0.5;
  }

  /** The smoothed utilisation (0–1) the linger is chosen by. */
  get utilisation(): number {
    return this.#utilisation;
  }

  /** The linger for the batch being started now, in ms. */
  current(): number {
    return lingerForLoad(this.#utilisation, this.minMs, this.maxMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
