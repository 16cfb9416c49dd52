/**
 * `npm run report -- --from YYYY-MM-DD --to YYYY-MM-DD [--format md|csv|html] [--out FILE]`:
 * the registry of accounts (clause 1.4), posting activity (clause 2.2) and moderation (clause 2.5)
 * for the local days `from`..`to` (inclusive, AUDIT_TIME_ZONE), from the audit store and the
 * accounts file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseAccounts, type Account } from '../config/accounts.ts';
import { ConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/env.ts';
import { AuditStore } from '../store/audit-store.ts';
import { buildReport } from '../store/report/build-report.ts';
import { readChartJsSource } from '../store/report/chart-js-source.ts';
import { renderCsv } from '../store/report/render-csv.ts';
import { renderHtml } from '../store/report/render-html.ts';
import { renderMarkdown } from '../store/report/render-markdown.ts';
import { readReportInputs } from '../store/report/report-queries.ts';

const USAGE =
  'usage: npm run report -- --from YYYY-MM-DD --to YYYY-MM-DD [--format md|csv|html] [--out FILE]';

const day = z.iso.date();
const ArgsSchema = z
  .object({
    from: day,
    to: day,
    format: z.enum(['md', 'csv', 'html']).default('md'),
    out: z.string().min(1).optional(),
  })
  .refine((a) => a.from <= a.to, { message: '--from must not be after --to', path: ['from'] });

async function readAccounts(file: string): Promise<readonly Account[]> {
  try {
    return parseAccounts(file, await readFile(file, 'utf8')).accounts;
  } catch (err) {
    process.stderr.write(
      `report: accounts file ${file} not read (${String(err)}); registry from the audit log only\n`,
    );
    return [];
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const args = ArgsSchema.safeParse(values);
  if (!args.success) {
    const issue = args.error.issues[0];
    process.stderr.write(
      `report: --${String(issue?.path[0] ?? '?')}: ${issue?.message ?? 'invalid'}\n${USAGE}\n`,
    );
    return 2;
  }
  const { from, to, format, out } = args.data;
  const cfg = loadConfig(process.env);
  const accounts = await readAccounts(cfg.ACCOUNTS_FILE);
  const store = await AuditStore.open(cfg.DATABASE_URL, { timeZone: cfg.AUDIT_TIME_ZONE });
  let report;
  try {
    const inputs = await readReportInputs(store.db, {
      from,
      to,
      timeZone: cfg.AUDIT_TIME_ZONE,
      accounts,
      env: process.env,
      limits: { maxRate: cfg.RULE_OVERTURN_MAX_RATE, minDecisions: cfg.RULE_OVERTURN_MIN_DECISIONS },
      generatedAt: new Date(),
    });
    report = buildReport(inputs);
  } finally {
    await store.close();
  }
  const text =
    format === 'md'
      ? renderMarkdown(report)
      : format === 'csv'
        ? renderCsv(report)
        : renderHtml(report, { chartJs: await readChartJsSource() });
  if (out) {
    await writeFile(out, text);
    process.stderr.write(`report: wrote ${out} (${format}, ${text.length} characters)\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  process.stderr.write(`report: ${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
