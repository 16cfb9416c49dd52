import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseAccounts } from '../../config/accounts.ts';
import { ConfigError } from '../../config/config-error.ts';
import { loadConfig } from '../../config/env.ts';
import { AuditStore } from '../audit-store.ts';
import { renderStatement } from '../statement/render-statement.ts';
import type { CommandOutput } from './output.ts';

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

/**
 * `audit show <key | platform comment id>` and `audit purge`. Returns the exit code: 0 done,
 * 1 nothing found, 2 usage or configuration error.
 */
export async function auditCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: CommandOutput,
): Promise<number> {
  let positionals: string[];
  let cfg;
  try {
    positionals = parseArgs({ args: [...argv], allowPositionals: true, strict: true }).positionals;
    cfg = loadConfig(env);
  } catch (err) {
    out.stderr(`audit: ${err instanceof ConfigError ? err.message : String(err)}\n${USAGE}\n`);
    return 2;
  }
  const [command, id] = positionals;
  if (command === 'show' && id) {
    const store = await AuditStore.open(cfg.DATABASE_URL, { timeZone: cfg.AUDIT_TIME_ZONE });
    try {
      const records = await store.findComments(id);
      if (records.length === 0) {
        out.stderr(`Комментарий «${id}» в журнале не найден (оставленные без нарушений не записываются).\n`);
        return 1;
      }
      const accountTitles = await titles(cfg.ACCOUNTS_FILE);
      const text = records.map((r) => renderStatement(r, { timeZone: cfg.AUDIT_TIME_ZONE, accountTitles }));
      out.stdout(`${text.join('\n\n' + '─'.repeat(60) + '\n\n')}\n`);
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
      out.stdout(`purged ${n} snapshots decided before ${cutoff.toISOString()}\n`);
      return 0;
    } finally {
      await store.close();
    }
  }
  out.stderr(`${USAGE}\n`);
  return 2;
}
