/** Whether a repeated log line is written now, and how many like it were left out before it. */
export interface Admission {
  readonly write: boolean;
  /** Lines of this kind left out since the last one written (0 for the first). */
  readonly suppressed: number;
}

/**
 * Writes the first line of a kind, then at most one per `intervalMs`, carrying the count of the ones
 * left out. For requests anyone can send (forged webhooks): a flood must not become a flood of log
 * lines — the audit log's inbound health keeps the exact counts. The kinds are bounded: past
 * `maxKinds` the memory is dropped (the next line of each kind is then written again).
 */
export class LogThrottle {
  readonly #kinds = new Map<string, { writtenAt: number; suppressed: number }>();

  constructor(
    private readonly intervalMs = 60_000,
    private readonly maxKinds = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  admit(kind: string): Admission {
    const t = this.now();
    const k = this.#kinds.get(kind);
    if (k && t - k.writtenAt < this.intervalMs) {
      k.suppressed += 1;
      return { write: false, suppressed: k.suppressed };
    }
    if (!k && this.#kinds.size >= this.maxKinds) this.#kinds.clear();
    this.#kinds.set(kind, { writtenAt: t, suppressed: 0 });
    return { write: true, suppressed: k?.suppressed ?? 0 };
  }
}

/** The part of a pino logger a throttled warning needs. */
interface WarnLogger {
  warn(obj: object, msg: string): void;
}

/**
 * `warn(kind, fields, message)` through a {@link LogThrottle}: one line per message and kind per
 * interval, with `suppressed` counting the lines left out. The kind must come from our own data (an
 * account id we know), never from the request, or the throttle's memory is the attacker's to fill.
 */
export function throttledWarn(log: WarnLogger, throttle = new LogThrottle()) {
  return (kind: string, fields: object, message: string): void => {
    const a = throttle.admit(`${message}|${kind}`);
    if (a.write) log.warn(a.suppressed > 0 ? { ...fields, suppressed: a.suppressed } : fields, message);
  };
}
