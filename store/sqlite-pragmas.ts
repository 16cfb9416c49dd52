import type Database from 'better-sqlite3';

/**
 * The settings of every connection to the audit database. WAL lets the report CLI read while the
 * daemon writes; FULL makes each commit durable before the platform is asked to act (write-ahead);
 * several connections (the writer thread, the daemon's own, the CLI) may wait on the write lock.
 */
export function applySqlitePragmas(database: Database.Database): void {
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
}
