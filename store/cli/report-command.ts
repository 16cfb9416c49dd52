import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseAccounts, type Account } from '../../config/accounts.ts';
import { ConfigError } from '../../config/config-error.ts';
import { loadConfig } from '../../config/env.ts';
import { AuditStore } from '../audit-store.ts';
import { loadAppealSetup } from '../../config/appeals-loader.ts';
import { appealHoursOf, type AppealHours } from '../report/build-appeals.ts';
import { buildReport } from '../report/build-report.ts';
import { countPostsOnPlatforms } from '../report/count-platform-posts.ts';
import { readChartJsSource } from '../report/chart-js-source.ts';
import { renderCsv } from '../report/render-csv.ts';
import { renderHtml } from '../report/render-html.ts';
import { renderMarkdown } from '../report/render-markdown.ts';
import { readReportInputs } from '../report/report-queries.ts';
import type { CommandOutput } from './output.ts';

const USAGE =
  'usage: npm run report -- --from YYYY-MM-DD --to YYYY-MM-DD [--format md|csv|html] [--out FILE] [--count-posts]';

const day = z.iso.date();
const ArgsSchema = z
  .object({
    from: day,
    to: day,
    format: z.enum(['md', 'csv', 'html']).default('md'),
    out: z.string().min(1).optional(),
    'count-posts': z.boolean().default(false),
  })
  .refine((a) => a.from <= a.to, { message: '--from must not be after --to', path: ['from'] });

async function readAccounts(file: string, out: CommandOutput): Promise<readonly Account[]> {
  try {
    return parseAccounts(file, await readFile(file, 'utf8')).accounts;
  } catch (err) {
    out.stderr(`report: accounts file ${file} not read (${String(err)}); registry from the audit log only\n`);
    return [];
  }
}

/** Departments' working hours from the appeal files; the report goes on without them if unreadable. */
async function readAppealHours(
  cfg: Parameters<typeof loadAppealSetup>[0],
  out: CommandOutput,
): Promise<AppealHours | undefined> {
  try {
    return appealHoursOf((await loadAppealSetup(cfg)).routing);
  } catch (err) {
    out.stderr(`report: appeal files not read (${String(err)}); appeal times in working hours left out\n`);
    return undefined;
  }
}

/**
 * `report --from YYYY-MM-DD --to YYYY-MM-DD [--format md|csv|html] [--out FILE] [--count-posts]`.
 * `--count-posts` asks each platform for the accounts' own posts per week (tokens from `env`).
 * Returns the exit code: 0 written, 2 usage or configuration error.
 */
export async function reportCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: CommandOutput,
): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        'count-posts': { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (err) {
    out.stderr(`report: ${String(err)}\n${USAGE}\n`);
    return 2;
  }
  const args = ArgsSchema.safeParse(values);
  if (!args.success) {
    const issue = args.error.issues[0];
    out.stderr(`report: --${String(issue?.path[0] ?? '?')}: ${issue?.message ?? 'invalid'}\n${USAGE}\n`);
    return 2;
  }
  const { from, to, format, out: outFile, 'count-posts': countPosts } = args.data;
  let cfg;
  try {
    cfg = loadConfig(env);
  } catch (err) {
    out.stderr(`report: ${err instanceof ConfigError ? err.message : String(err)}\n`);
    return 2;
  }
  const accounts = await readAccounts(cfg.ACCOUNTS_FILE, out);
  const appealHours = await readAppealHours(cfg, out);
  const store = await AuditStore.open(cfg.DATABASE_URL, { timeZone: cfg.AUDIT_TIME_ZONE });
  let report;
  try {
    const inputs = await readReportInputs(store.db, {
      from,
      to,
      timeZone: cfg.AUDIT_TIME_ZONE,
      accounts,
      env,
      limits: { maxRate: cfg.RULE_OVERTURN_MAX_RATE, minDecisions: cfg.RULE_OVERTURN_MIN_DECISIONS },
      generatedAt: new Date(),
      ...(appealHours ? { appealHours } : {}),
    });
    if (countPosts) {
      const onPlatforms = await countPostsOnPlatforms(accounts, env, {
        from,
        to,
        timeZone: cfg.AUDIT_TIME_ZONE,
      });
      for (const e of onPlatforms.errors)
        out.stderr(`report: ${e.accountId}: posts not counted on the platform (${e.error})\n`);
      report = buildReport({
        ...inputs,
        platformPosts: onPlatforms.counts,
        platformPostErrors: onPlatforms.errors,
      });
    } else {
      report = buildReport(inputs);
    }
  } finally {
    await store.close();
  }
  const text =
    format === 'md'
      ? renderMarkdown(report)
      : format === 'csv'
        ? renderCsv(report)
        : renderHtml(report, { chartJs: await readChartJsSource() });
  if (outFile) {
    await writeFile(outFile, text);
    out.stderr(`report: wrote ${outFile} (${format}, ${text.length} characters)\n`);
  } else {
    out.stdout(text);
  }
  return 0;
}
