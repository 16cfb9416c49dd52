import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import pg from 'pg';
import { AUDIT_MIGRATIONS } from './migrations/index.ts';
import { ImmediateSqliteDialect } from './sqlite-dialect.ts';
import { parseDatabaseUrl, type DatabaseTarget } from './database-url.ts';
import type { AuditDatabase } from './schema.ts';
import { applySqlitePragmas } from './sqlite-pragmas.ts';

/** The migrations could not be applied; the store refuses to start on an unknown schema. */
export class MigrationError extends Error {
  constructor(
    readonly migration: string | undefined,
    cause: unknown,
  ) {
    super(`audit store migration ${migration ?? '(setup)'} failed: ${String(cause)}`, { cause });
    this.name = 'MigrationError';
  }
}

export interface OpenedDatabase {
  readonly db: Kysely<AuditDatabase>;
  readonly target: DatabaseTarget;
  /** The SQLite handle under `db`, for statements prepared once (hot writes); undefined on PostgreSQL. */
  readonly sqlite: Database.Database | undefined;
  /** Migrations applied by this call (empty when the schema was up to date). */
  readonly applied: readonly string[];
}

function sqliteDb(file: string): { db: Kysely<AuditDatabase>; database: Database.Database } {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new Database(file);
  applySqlitePragmas(database);
  return {
    db: new Kysely<AuditDatabase>({ dialect: new ImmediateSqliteDialect({ database }) }),
    database,
  };
}

function postgresDb(url: string, onIdleError: (err: Error) => void): Kysely<AuditDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  // An idle connection dropped by the server (restart, failover) must not crash the daemon: the next
  // query opens a new connection, and fails visibly if the server is still away.
  pool.on('error', onIdleError);
  return new Kysely<AuditDatabase>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * The audit store's migrator on `db` (all migrations, or the ones given): its own migration tables,
 * pinned on PostgreSQL to the connection's current schema — otherwise a same-named table in another
 * schema is taken for ours.
 */
export async function auditMigrator<DB>(
  db: Kysely<DB>,
  kind: DatabaseTarget['kind'],
  migrations: Readonly<Record<string, Migration>> = AUDIT_MIGRATIONS,
): Promise<Migrator> {
  const schema =
    kind === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  return new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...migrations }) },
    migrationTableName: 'audit_migration',
    migrationLockTableName: 'audit_migration_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/**
 * Opens the audit database named by `DATABASE_URL` and brings its schema up to date. On PostgreSQL
 * the tables go to the connection's current schema (set it with `?options=-c search_path=…`).
 *
 * @throws {MigrationError} when a migration fails (the database is closed again).
 */
export async function openDatabase(
  url: string,
  onIdleError: (err: Error) => void = () => undefined,
): Promise<OpenedDatabase> {
  const target = parseDatabaseUrl(url);
  const opened =
    target.kind === 'sqlite'
      ? sqliteDb(target.path)
      : { db: postgresDb(target.url, onIdleError), database: undefined };
  const { db } = opened;
  try {
    const migrator = await auditMigrator(db, target.kind);
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      throw new MigrationError(failed, error);
    }
    return { db, target, sqlite: opened.database, applied: (results ?? []).map((r) => r.migrationName) };
  } catch (err) {
    await db.destroy();
    throw err instanceof MigrationError ? err : new MigrationError(undefined, err);
  }
}
