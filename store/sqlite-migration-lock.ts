import { sql, SqliteAdapter, SqliteDialect, type DialectAdapter, type Kysely } from 'kysely';

/**
 * Kysely's SQLite adapter takes no migration lock: it assumes one process. Two daemons started
 * together on one audit file (`ROLES=http,moderate` and `ROLES=act`) both found the schema empty and
 * both ran the first migration; the second failed with "table audit_comment already exists" and did
 * not start. Here the whole migration run holds SQLite's write lock (`BEGIN IMMEDIATE`): the other
 * process waits (`busy_timeout`), then finds the migrations applied and runs none.
 *
 * A migration that fails leaves what ran before it committed, as without the lock (Kysely runs
 * SQLite migrations outside transactions), and the daemon refuses to start.
 */
class MigrationLockingSqliteAdapter extends SqliteAdapter {
  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`begin immediate`.execute(db);
  }

  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`commit`.execute(db);
  }
}

export class MigrationLockingSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new MigrationLockingSqliteAdapter();
  }
}
