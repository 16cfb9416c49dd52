/**
 * Coalesces items that arrive close together into one flush (one Redis round trip for many webhooks).
 * Each `push` resolves when the flush that carried its item succeeded, and rejects if it failed, so a
 * caller still learns whether ITS item is safe. A batch is flushed when it reaches `maxSize` or on the
 * next turn of the event loop, so a lone item waits for no timer.
 */
export class MicroBatcher<T> {
  #items: T[] = [];
  #waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  #scheduled = false;

  constructor(
    /**
     * Writes a batch. It may return one entry per item — `undefined` for success, the error for a
     * failure — so only the callers whose items failed are rejected.
     */
    private readonly flush: (items: T[]) => Promise<void | readonly unknown[]>,
    private readonly maxSize = 200,
  ) {}

  push(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#items.push(item);
      this.#waiters.push({ resolve, reject });
      if (this.#items.length >= this.maxSize) this.#drain();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#drain());
      }
    });
  }

  #drain(): void {
    this.#scheduled = false;
    if (this.#items.length === 0) return;
    const items = this.#items;
    const waiters = this.#waiters;
    this.#items = [];
    this.#waiters = [];
    this.flush(items).then(
      (perItem) =>
        waiters.forEach((w, i) => {
          const err: unknown = perItem ? perItem[i] : undefined;
          if (err === undefined) w.resolve();
          else w.reject(err);
        }),
      (err: unknown) => waiters.forEach((w) => w.reject(err)),
    );
  }
}
