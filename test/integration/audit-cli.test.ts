import { daemonRuleSet } from '../helpers/daemon-rules.ts';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { fixtureAccounts } from '../../fixtures/audit/builders.ts';
import { FIXTURE_WEEK, seedFixtureWeek } from '../../fixtures/audit/fixture-week.ts';
import { auditObserver } from '../../store/audit-observer.ts';
import { AuditStore } from '../../store/audit-store.ts';
import { auditCommand } from '../../store/cli/audit-command.ts';
import { reportCommand } from '../../store/cli/report-command.ts';
import { DATABASES, testDatabase, type TestDatabase } from './support/test-databases.ts';

/** Runs a command in-process and collects what it prints. */
async function capture(
  command: typeof auditCommand,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await command(args, env, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe.each(DATABASES)('audit and report commands on %s', (kind) => {
  let tdb: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    tdb = await testDatabase(kind);
    dir = await mkdtemp(path.join(tmpdir(), 'strazh-cli-'));
    const store = await AuditStore.open(tdb.url, { timeZone: FIXTURE_WEEK.timeZone });
    await seedFixtureWeek(
      auditObserver({ store, accounts: fixtureAccounts(), log: pino({ level: 'silent' }) }),
      daemonRuleSet(),
    );
    await store.close();
    env = {
      DATABASE_URL: tdb.url,
      ACCOUNTS_FILE: 'fixtures/audit/accounts.yaml',
      AUDIT_TIME_ZONE: FIXTURE_WEEK.timeZone,
      FIX_ADM_USER: 'set',
    };
  });
  afterAll(async () => {
    await tdb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('audit show prints the statement of reasons, by platform id or key', async () => {
    const byId = await capture(auditCommand, ['show', '301'], env);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toContain('ОБОСНОВАНИЕ РЕШЕНИЯ ПО КОММЕНТАРИЮ vk:culture-vk:301');
    expect(byId.stdout).toContain('аккаунт «Управление культуры»');
    expect(byId.stdout).toContain('модератор Иванова А. (Telegram id 4242)');
    const byKey = await capture(auditCommand, ['show', 'vk:adm-vk:200'], env);
    expect(byKey.stdout).toContain('основание: нецензурная брань');
    const missing = await capture(auditCommand, ['show', '100'], env);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('не найден');
    expect((await capture(auditCommand, ['show'], env)).code).toBe(2);
    expect((await capture(auditCommand, ['purge'], env)).stdout).toMatch(/^purged 0 snapshots/);
  });

  it('report writes all three formats, reading tokens from the given environment', async () => {
    for (const format of ['md', 'csv', 'html']) {
      const out = path.join(dir, `r.${format}`);
      const args = ['--from', FIXTURE_WEEK.from, '--to', FIXTURE_WEEK.to, '--format', format, '--out', out];
      const r = await capture(reportCommand, args, env);
      expect(r.code).toBe(0);
      const text = await readFile(out, 'utf8');
      expect(text).toContain('Реестр');
      expect(text).toContain('Публикации по неделям');
      expect(text).toContain('Модерация комментариев');
      expect(text).toContain('нет: FIX_ADM_COMMUNITY, FIX_ADM_SECRET');
    }
    const md = await capture(reportCommand, ['--from', FIXTURE_WEEK.from, '--to', FIXTURE_WEEK.to], env);
    expect(md.stdout).toContain('| 2026-W10 (с 02.03.2026) |');
  });

  it.each([
    [['--from', '2026-03-08', '--to', '2026-03-02'], '--from must not be after --to'],
    [['--from', '2026-03-02', '--to', '2026-03-08', '--format', 'pdf'], '--format'],
    [['--from', '2026-02-30', '--to', '2026-03-08'], '--from'],
    [['--to', '2026-03-08'], '--from'],
    [['--from', '2026-03-02', '--to', '2026-03-08', '--colour'], "Unknown option '--colour'"],
  ])('report %j is refused', async (args, message) => {
    const r = await capture(reportCommand, args, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('npm scripts', () => {
  it('npm run audit and npm run report work end to end on the default SQLite path', async () => {
    const tdb = await testDatabase('sqlite');
    try {
      const store = await AuditStore.open(tdb.url, { timeZone: FIXTURE_WEEK.timeZone });
      await seedFixtureWeek(
        auditObserver({ store, accounts: fixtureAccounts(), log: pino({ level: 'silent' }) }),
        daemonRuleSet(),
      );
      await store.close();
      const env = { ...process.env, DATABASE_URL: tdb.url, ACCOUNTS_FILE: 'fixtures/audit/accounts.yaml' };
      const run = promisify(execFile);
      const audit = await run('npm', ['run', '-s', 'audit', '--', 'show', '200'], { env });
      expect(audit.stdout).toContain('удалён автоматически');
      const report = await run(
        'npm',
        ['run', '-s', 'report', '--', '--from', FIXTURE_WEEK.from, '--to', FIXTURE_WEEK.to],
        { env },
      );
      expect(report.stdout).toContain('## 3. Модерация комментариев (п. 2.5)');
    } finally {
      await tdb.drop();
    }
  });
});
