import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';

/** Transactions that take SQLite's write lock when they begin (`BEGIN IMMEDIATE`). */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** SQLite runs schema changes inside transactions; Kysely's adapter says it cannot. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * Kysely's SQLite dialect, with its migration run in one transaction that holds the write lock.
 *
 * Kysely assumes one process per SQLite file: it takes no migration lock and runs each migration
 * outside a transaction. Two daemons started together on one audit file (`ROLES=http,moderate` and
 * `ROLES=act`) both found the schema empty and both ran the first migration; the second failed with
 * "table audit_comment already exists" and did not start. Here the migrations run in a transaction
 * (SQLite does support transactional DDL) begun `IMMEDIATE`: the other process waits (`busy_timeout`),
 * then finds the migrations applied and runs none; a migration that fails leaves nothing behind,
 * its record in the migration table included.
 *
 * Every Kysely transaction on this connection begins `IMMEDIATE`. They all write; taking the lock at
 * the start spares them the late lock upgrade that fails at once when another connection (the audit
 * writer thread) has written in between.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
