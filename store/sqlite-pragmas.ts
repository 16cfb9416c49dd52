import Database from 'better-sqlite3';

/** How long a connection waits for another one's lock, in statements and in the switch to WAL. */
const BUSY_TIMEOUT_MS = 5000;

/** Blocks the thread for `ms`; only used while a connection is being opened (start-up). */
function pauseSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isBusy(err: unknown): boolean {
  return err instanceof Database.SqliteError && err.code.startsWith('SQLITE_BUSY');
}

/**
 * Switches the file to WAL, waiting out another connection's write lock.
 *
 * SQLite does not call the busy handler here when it would risk a deadlock: the pragma first reads
 * the file's header, and if the file is not yet in WAL mode (a new file) while another process holds
 * the write lock (its own switch to WAL, or its first migration), upgrading that read to a write fails
 * at once with SQLITE_BUSY, `busy_timeout` or not. Daemons started together on a new audit file hit
 * this; retrying the whole statement (a fresh read) is what SQLite's documentation advises.
 */
function switchToWal(database: Database.Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let pauseMs = 5; ; pauseMs = Math.min(pauseMs * 2, 100)) {
    try {
      database.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
      pauseSync(pauseMs);
    }
  }
}

/**
 * The settings of every connection to the audit database. WAL lets the report CLI read while the
 * daemon writes; FULL makes each commit durable before the platform is asked to act (write-ahead);
 * several connections (the writer thread, the daemon's own, the CLI) may wait on the write lock.
 */
export function applySqlitePragmas(database: Database.Database): void {
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  switchToWal(database);
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
}
