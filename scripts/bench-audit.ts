/**
 * `npm run bench:audit`: the cost of the write-ahead audit record — decisions recorded per second and
 * latency percentiles of `onDecision` on SQLite (synchronous=FULL) and PostgreSQL, one writer, for a
 * mix of flagged (full record) and clean (counter only) comments. Then the time to build a report.
 * Set BENCH_PG_URL to a PostgreSQL URL (default: the local `test` database); BENCH_N for the count.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { loadModelAssets } from '../config/model-assets.ts';
import { loadRuleSet } from '../config/rules-loader.ts';
import { decisionFor, fixtureAccounts, vkComment } from '../fixtures/audit/builders.ts';
import { auditObserver } from '../store/audit-observer.ts';
import { AuditStore } from '../store/audit-store.ts';
import { buildReport } from '../store/report/build-report.ts';
import { quantile } from '../store/report/quantile.ts';
import { readReportInputs } from '../store/report/report-queries.ts';
import { printTable } from './lib/table.ts';

const N = Number(process.env.BENCH_N ?? 2000);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TEXTS = [
  'Спасибо за новую площадку во дворе!',
  'Когда починят дорогу на Ленина? Третью неделю ямы.',
  'Да пошли вы нахуй со своими отчётами',
  'Сидят там одни идиоты',
];

async function run(label: string, url: string): Promise<string[]> {
  // The shipped spam rules need the trained model (models/), as the daemon loads it.
  const rules = await loadRuleSet('rules', await loadModelAssets('models'));
  const store = await AuditStore.open(url, { timeZone: 'Asia/Yakutsk' });
  const observer = auditObserver({ store, accounts: fixtureAccounts(), log: pino({ level: 'silent' }) });
  const events = Array.from({ length: N }, (_, i) => {
    // 00:00–14:00 UTC stays on the same day in Yakutsk (UTC+9), inside the reported week.
    const at = new Date(Date.UTC(2026, 2, 2 + (i % 7), i % 15));
    const account = i % 2 ? 'culture-vk' : 'adm-vk';
    return decisionFor(rules, vkComment({ account, id: i, text: TEXTS[i % TEXTS.length]!, at }), at);
  });
  const flagged = events.filter((e) => e.verdict.verdict !== 'keep').length;
  const lat: number[] = [];
  const t0 = performance.now();
  for (const e of events) {
    const s = performance.now();
    await observer.onDecision!(e);
    lat.push(performance.now() - s);
  }
  const total = performance.now() - t0;
  const r0 = performance.now();
  const inputs = await readReportInputs(store.db, {
    from: '2026-03-02',
    to: '2026-03-08',
    timeZone: 'Asia/Yakutsk',
    accounts: fixtureAccounts().accounts,
    env: {},
    limits: { maxRate: 0.3, minDecisions: 10 },
    generatedAt: new Date(),
  });
  const report = buildReport(inputs);
  const reportMs = performance.now() - r0;
  await store.close();
  if (report.moderation.total.seen !== N)
    throw new Error(`report saw ${report.moderation.total.seen} of ${N}`);
  const ms = (x: number | null) => (x ?? 0).toFixed(2);
  return [
    label,
    String(N),
    String(flagged),
    ((N / total) * 1000).toFixed(0),
    ms(quantile(lat, 0.5)),
    ms(quantile(lat, 0.95)),
    ms(quantile(lat, 0.99)),
    reportMs.toFixed(0),
  ];
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  const dir = await mkdtemp(path.join(tmpdir(), 'strazh-bench-audit-'));
  try {
    rows.push(await run('sqlite (file, synchronous=FULL)', `sqlite:${path.join(dir, 'audit.db')}`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const schema = `bench_audit_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      rows.push(
        await run('postgresql', `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`),
      );
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
    }
  } catch (err) {
    console.error(`PostgreSQL skipped: ${String(err)}`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  printTable(
    ['database', 'decisions', 'flagged', 'decisions/s', 'p50 ms', 'p95 ms', 'p99 ms', 'report ms'],
    rows,
  );
}

await main();
