import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIT_MIGRATIONS } from '../../store/migrations/index.ts';

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
});
