/**
 * `npm run audit -- show <comment-key-or-platform-comment-id>`: prints the statement of reasons
 * (in Russian) for every audited comment matching the key or the platform's comment id.
 * `npm run audit -- purge`: runs the retention purge once, now.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseAccounts } from '../config/accounts.ts';
import { ConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/env.ts';
import { AuditStore } from '../store/audit-store.ts';
import { renderStatement } from '../store/statement/render-statement.ts';

const USAGE =
  'usage: npm run audit -- show <comment-key | platform comment id>\n' +
  '       npm run audit -- purge            (erase snapshots older than AUDIT_RETENTION_DAYS now)';

async function titles(file: string): Promise<Map<string, string>> {
  try {
    const reg = parseAccounts(file, await readFile(file, 'utf8'));
    return new Map(reg.accounts.map((a) => [a.id, a.title]));
  } catch {
    return new Map(); // the statement still stands without the registry's titles
  }
}

async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true, strict: true });
  const [command, id] = positionals;
  const cfg = loadConfig(process.env);
  if (command === 'show' && id) {
    const store = await AuditStore.open(cfg.DATABASE_URL, { timeZone: cfg.AUDIT_TIME_ZONE });
    try {
      const records = await store.findComments(id);
      if (records.length === 0) {
        process.stderr.write(
          `Комментарий «${id}» в журнале не найден (оставленные без нарушений не записываются).\n`,
        );
        return 1;
      }
      const accountTitles = await titles(cfg.ACCOUNTS_FILE);
      const text = records.map((r) => renderStatement(r, { timeZone: cfg.AUDIT_TIME_ZONE, accountTitles }));
      process.stdout.write(`${text.join('\n\n' + '─'.repeat(60) + '\n\n')}\n`);
      return 0;
    } finally {
      await store.close();
    }
  }
  if (command === 'purge') {
    const store = await AuditStore.open(cfg.DATABASE_URL, { timeZone: cfg.AUDIT_TIME_ZONE });
    try {
      const now = new Date();
      const cutoff = new Date(now.getTime() - cfg.AUDIT_RETENTION_DAYS * 86_400_000);
      const n = await store.purgeBefore(cutoff, now);
      process.stdout.write(`purged ${n} snapshots decided before ${cutoff.toISOString()}\n`);
      return 0;
    } finally {
      await store.close();
    }
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

try {
  process.exitCode = await main();
} catch (err) {
  process.stderr.write(`audit: ${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
