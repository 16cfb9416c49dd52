/** How one item of a flush ended: its own result, or its own error. */
export type Settled<R> =
  { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/** The shortest lull that ends a batch early (ms): Node's timers are no finer than a millisecond. */
export const MIN_LULL_MS = 2;
/** The event loop's cumulative idle time, in ms (time spent waiting for I/O). */
const idleMs = (): number => performance.eventLoopUtilization().idle;

/** Weight of the newest gap in the mean gap between arrivals (about the last 20 gaps count). */
const GAP_WEIGHT = 0.05;

/**
 * Coalesces items that arrive close together into one flush, and gives each caller the result of ITS
 * item (one HTTP request carrying many API calls, each with its own answer). A batch is flushed when it
 * reaches `maxSize`, or `lingerMs` after its first item — by default 0: on the next turn of the event
 * loop, so a lone item waits for no timer — or, with `lullGaps` > 0, as soon as the event loop has
 * waited idle for `lullGaps` times the mean gap between arrivals (at least {@link MIN_LULL_MS}) with
 * no item arriving: once every sender that waits for its answer before sending again is in the batch,
 * lingering on only delays them all. Busy time does not count as quiet.
 */
export class ResultBatcher<T, R> {
  #items: T[] = [];
  #waiters: { resolve: (value: R) => void; reject: (err: unknown) => void }[] = [];
  /** Cancels the pending flush of the batch being filled, if one is scheduled. */
  #cancel: (() => void) | undefined;
  /** When the latest item arrived (performance.now()), and the mean gap between arrivals, in ms. */
  #lastArrival: number | undefined;
  /** Unknown until a second item has come: until then no lull ends a batch. */
  #meanGap = Number.POSITIVE_INFINITY;
  /** The event loop's idle time (ms, cumulative) when the latest item arrived. */
  #idleAtArrival = 0;

  constructor(
    /**
     * Handles a batch and returns one entry per item, in order. If it throws (or rejects), every
     * item of the batch fails with that error.
     */
    private readonly flush: (items: T[]) => Promise<readonly Settled<R>[]>,
    private readonly maxSize = 200,
    /** A number, or a function asked when a batch's first item arrives (a linger that adapts to load). */
    private readonly lingerMs: number | (() => number) = 0,
    /** Mean gaps between arrivals without a new item that end a batch before its linger; 0: never. */
    private readonly lullGaps = 0,
  ) {
    if (!(maxSize >= 1)) throw new RangeError(`batch size must be at least 1, got ${maxSize}`);
    if (typeof lingerMs === 'number' && !(lingerMs >= 0))
      throw new RangeError(`linger must be 0 ms or more, got ${lingerMs}`);
    if (!(lullGaps >= 0)) throw new RangeError(`lull must be 0 gaps or more, got ${lullGaps}`);
  }

  push(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#items.push(item);
      this.#waiters.push({ resolve, reject });
      // #drain's promise never rejects: each caller learns its item's outcome from its own push.
      if (this.#items.length >= this.maxSize) void this.#drain();
      else if (!this.#cancel) this.#schedule();
      else if (this.lullGaps > 0) this.#arrived();
    });
  }

  /** Arms the flush of a batch whose first item has just arrived. */
  #schedule(): void {
    const drain = () => void this.#drain();
    const linger = typeof this.lingerMs === 'number' ? this.lingerMs : this.lingerMs();
    if (linger <= 0) {
      const i = setImmediate(drain);
      this.#cancel = () => clearImmediate(i);
      return;
    }
    const t = setTimeout(drain, linger);
    if (this.lullGaps <= 0) {
      this.#cancel = () => clearTimeout(t);
      return;
    }
    // A gap longer than the linger says only that the batcher was idle; it must not make the lull long.
    this.#arrived(linger);
    let lull: NodeJS.Timeout | undefined;
    const watch = (): void => {
      const lullMs = this.#lullMs();
      // Quiet is time the event loop spent waiting for I/O with nothing arriving. A loop busy all the
      // while has not read what came meanwhile (requests wait in the socket, comments behind their
      // Redis checks): that silence is the loop's, not the senders', and a busy process must keep the
      // long linger it chose to save CPU.
      const quiet = idleMs() - this.#idleAtArrival;
      if (quiet >= lullMs) drain();
      // One timer per lull, not one per item: it looks again when the latest arrival's lull could end
      // (no later than the linger: the lull is unknown at first, and Node cuts long timers to 1 ms).
      else lull = setTimeout(watch, Math.min(Math.max(1, lullMs - quiet), linger));
    };
    lull = setTimeout(watch, Math.min(this.#lullMs(), linger));
    this.#cancel = () => {
      clearTimeout(t);
      clearTimeout(lull);
    };
  }

  /** Notes an arrival for the mean gap (gaps capped at `capMs`). */
  #arrived(capMs = Number.POSITIVE_INFINITY): void {
    const now = performance.now();
    this.#idleAtArrival = idleMs();
    if (this.#lastArrival !== undefined) {
      const gap = Math.min(now - this.#lastArrival, capMs);
      this.#meanGap = Number.isFinite(this.#meanGap)
        ? this.#meanGap + GAP_WEIGHT * (gap - this.#meanGap)
        : gap;
    }
    this.#lastArrival = now;
  }

  #lullMs(): number {
    return Math.max(MIN_LULL_MS, this.lullGaps * this.#meanGap);
  }

  /**
   * Flushes the batch being filled now, without waiting for its linger (shutdown); resolves once that
   * flush has ended, whatever its outcome (each caller learns its own from its `push`).
   */
  flushNow(): Promise<void> {
    return this.#drain();
  }

  #drain(): Promise<void> {
    // A batch filled before its timer: the timer must not flush the next batch early.
    this.#cancel?.();
    this.#cancel = undefined;
    if (this.#items.length === 0) return Promise.resolve();
    const items = this.#items;
    const waiters = this.#waiters;
    this.#items = [];
    this.#waiters = [];
    // A flush that throws synchronously must still reject its callers, not escape into setImmediate.
    return new Promise<readonly Settled<R>[]>((resolve) => resolve(this.flush(items))).then(
      (results) =>
        waiters.forEach((w, i) => {
          const r = results[i];
          if (!r)
            w.reject(new Error(`batch flush returned ${results.length} results for ${items.length} items`));
          else if (r.ok) w.resolve(r.value);
          else w.reject(r.error);
        }),
      (err: unknown) => waiters.forEach((w) => w.reject(err)),
    );
  }
}

/**
 * {@link ResultBatcher} for writes that return nothing (one Redis round trip for many webhooks). Each
 * `push` resolves when the flush that carried its item succeeded, and rejects if it failed, so a
 * caller still learns whether ITS item is safe.
 */
export class MicroBatcher<T> {
  readonly #inner: ResultBatcher<T, void>;

  constructor(
    /**
     * Writes a batch. It may return one entry per item — `undefined` for success, the error for a
     * failure — so only the callers whose items failed are rejected.
     */
    flush: (items: T[]) => Promise<void | readonly unknown[]>,
    maxSize = 200,
    lingerMs: number | (() => number) = 0,
    lullGaps = 0,
  ) {
    this.#inner = new ResultBatcher<T, void>(
      async (items) => {
        const perItem = await flush(items);
        return items.map((_, i): Settled<void> => {
          const error: unknown = perItem ? perItem[i] : undefined;
          return error === undefined ? { ok: true, value: undefined } : { ok: false, error };
        });
      },
      maxSize,
      lingerMs,
      lullGaps,
    );
  }

  push(item: T): Promise<void> {
    return this.#inner.push(item);
  }

  /** {@link ResultBatcher.flushNow}. */
  flushNow(): Promise<void> {
    return this.#inner.flushNow();
  }
}
