import { Worker } from 'node:worker_threads';
import type { ActionRowInput, DecisionRows } from './decision-rows.ts';

export type WriteRequest =
  | { readonly id: number; readonly kind: 'decisions'; readonly rows: DecisionRows }
  | { readonly id: number; readonly kind: 'outcomes'; readonly rows: readonly ActionRowInput[] };

export interface WriteReply {
  readonly id: number;
  readonly error?: string;
}

/** A write the writer thread could not commit (the caller's job is retried). */
export class AuditWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditWriteError';
  }
}

/**
 * The audit log's hot writes (every decision, every action outcome) committed on a worker thread
 * with its own SQLite connection. better-sqlite3 is synchronous: on the daemon's thread, each commit
 * blocked the event loop for the statements and for the disk flush of `synchronous = FULL` — 12–17 %
 * of the daemon's time at 1,000 comments/s, during which no webhook, job or timer was served.
 * The same statements run here, so both threads write identical rows; SQLite's write lock (and
 * `busy_timeout`) orders this connection's commits with the daemon's other, rarer writes.
 */
export class SqliteWriter {
  #worker: Worker | undefined;
  readonly #pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  #next = 0;

  constructor(private readonly file: string) {}

  writeDecisions(rows: DecisionRows): Promise<void> {
    return this.#send((id) => ({ id, kind: 'decisions', rows }));
  }

  writeOutcomes(rows: readonly ActionRowInput[]): Promise<void> {
    return this.#send((id) => ({ id, kind: 'outcomes', rows }));
  }

  /** Waits for the writes in flight, then stops the thread. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#inflight]);
    await this.#worker?.terminate();
    this.#worker = undefined;
  }

  readonly #inflight = new Set<Promise<void>>();
  #closed = false;

  #send(request: (id: number) => WriteRequest): Promise<void> {
    if (this.#closed) return Promise.reject(new AuditWriteError('the audit log is closed'));
    const id = this.#next++;
    const thread = this.#thread();
    // Referenced only while writes are in flight: an idle writer must not keep a finished process
    // alive, and a pending write must not let the process exit under it.
    thread.ref();
    const p = new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      thread.postMessage(request(id));
    });
    this.#inflight.add(p);
    const settled = () => {
      this.#inflight.delete(p);
      if (this.#pending.size === 0) this.#worker?.unref();
    };
    p.then(settled, settled);
    return p;
  }

  /** The writer thread, started on first use and again after it died. */
  #thread(): Worker {
    if (this.#worker) return this.#worker;
    // The build runs the compiled sibling; sources (tests, scripts) load it through tsx, registered
    // inside the thread (a worker does not inherit the parent's module hooks).
    const ts = import.meta.url.endsWith('.ts');
    const entry = new URL(`./sqlite-writer-worker.${ts ? 'ts' : 'js'}`, import.meta.url);
    const options = { workerData: { file: this.file } };
    const worker = ts
      ? new Worker(
          `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`,
          { ...options, eval: true },
        )
      : new Worker(entry, options);
    worker.on('message', (reply: WriteReply) => {
      const p = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.error === undefined) p?.resolve();
      else p?.reject(new AuditWriteError(reply.error));
    });
    const fail = (err: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const p of this.#pending.values())
        p.reject(new AuditWriteError(`audit writer thread: ${err.message}`));
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)));
    this.#worker = worker;
    return worker;
  }
}
