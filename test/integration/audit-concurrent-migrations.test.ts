import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIT_MIGRATIONS } from '../../store/migrations/index.ts';
import { openDatabase } from '../../store/open-database.ts';

const CHILD = path.resolve('test/integration/support/open-audit-db.ts');

/** Starts a process that opens `file` when written to; resolves with its exit code and output. */
function opener(file: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) resolve();
    }),
  );
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ code: number | null; applied: string[]; err: string }>((resolve) =>
    child.once('exit', (code) =>
      resolve({ code, applied: JSON.parse(out.replace('ready\n', '') || '[]') as string[], err }),
    ),
  );
  return { ready, go: () => child.stdin.end('go\n'), done };
}

/**
 * Starts a process that takes the write lock of a new SQLite file in rollback mode (as another
 * daemon's switch to WAL does) and holds it for `holdMs`; resolves once the lock is held.
 */
async function lockHolder(file: string, holdMs: number): Promise<{ exited: Promise<void> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.exec('begin immediate');
    db.exec('create table holder (x)');
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('commit'); db.close(); }, ${holdMs});
  `;
  const child = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${String(code)}`)));
  });
  return { exited };
}

describe('audit database: daemons started together on one SQLite file', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('each starts; the migrations run once (regression: the second failed with "table already exists")', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'strazh-migrate-'));
    const file = path.join(dir, 'audit.db');
    const procs = Array.from({ length: 3 }, () => opener(file));
    await Promise.all(procs.map((p) => p.ready));
    for (const p of procs) p.go();
    const results = await Promise.all(procs.map((p) => p.done));
    for (const r of results) expect(r.err).toBe('');
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    const all = Object.keys(AUDIT_MIGRATIONS).sort();
    expect(results.flatMap((r) => r.applied).sort()).toEqual(all);
    expect(results.filter((r) => r.applied.length > 0)).toHaveLength(1);
  }, 60_000);

  it('waits for another process that holds the write lock of a new file (regression: journal_mode=WAL failed at once with SQLITE_BUSY)', async () => {
    dir ||= await mkdtemp(path.join(tmpdir(), 'strazh-migrate-'));
    const file = path.join(dir, 'locked.db');
    const holder = await lockHolder(file, 300);
    const started = Date.now();
    const opened = await openDatabase(`sqlite:${file}`);
    const waitedMs = Date.now() - started;
    await opened.db.destroy();
    await holder.exited;
    expect(opened.applied).toEqual(Object.keys(AUDIT_MIGRATIONS).sort());
    expect(waitedMs).toBeGreaterThanOrEqual(200);
  }, 30_000);
});
