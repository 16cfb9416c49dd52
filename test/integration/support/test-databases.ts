import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A throw-away database for one test: its `DATABASE_URL` and how to remove it. */
export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh SQLite file in a temporary folder. */
async function sqliteDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), 'strazh-audit-'));
  return {
    url: `sqlite:${path.join(dir, 'audit.db')}`,
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A fresh schema in the shared `test` database; the URL selects it through `search_path`. */
async function postgresDatabase(): Promise<TestDatabase> {
  const schema = `audit_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return {
    url: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

export const DATABASES = ['sqlite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASES)[number];

export function testDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  return kind === 'sqlite' ? sqliteDatabase() : postgresDatabase();
}
