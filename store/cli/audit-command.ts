import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseAccounts } from '../../config/accounts.ts';
import { ConfigError } from '../../config/config-error.ts';
import { loadConfig } from '../../config/env.ts';
import { loadAppealSetup } from '../../config/appeals-loader.ts';
import { appealIdOf } from '../../core/appeals/draft-appeal.ts';
import type { Platform } from '../../core/comment.ts';
import { findAppeals, type AppealView } from '../audit-appeals.ts';
import { AuditStore } from '../audit-store.ts';
import { renderAppealHistory } from '../statement/render-appeal-history.ts';
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

async function departmentNames(cfg: Parameters<typeof loadAppealSetup>[0]): Promise<Map<string, string>> {
  try {
    const { routing } = await loadAppealSetup(cfg);
    return new Map([...routing.departments.values()].map((d) => [d.id, d.name]));
  } catch {
    return new Map(); // department ids still identify them
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
      const appeals = new Map<string, AppealView>();
      for (const v of await findAppeals(store.db, id)) {
        appeals.set(v.appeal.id, v);
        // Found by the appeal id: the comment's record may carry a revision in its key.
        for (const r of await store.findComments(v.appeal.comment_id)) {
          const same =
            r.comment.platform === v.appeal.platform && r.comment.account_id === v.appeal.account_id;
          if (same && !records.some((x) => x.comment.key === r.comment.key)) records.push(r);
        }
      }
      for (const r of records) {
        const c = r.comment;
        const appealId = appealIdOf({
          platform: c.platform as Platform,
          accountId: c.account_id,
          commentId: c.comment_id,
        });
        if (!appeals.has(appealId))
          for (const v of await findAppeals(store.db, appealId)) appeals.set(v.appeal.id, v);
      }
      if (records.length === 0 && appeals.size === 0) {
        out.stderr(`Комментарий «${id}» в журнале не найден (оставленные без нарушений не записываются).\n`);
        return 1;
      }
      const accountTitles = await titles(cfg.ACCOUNTS_FILE);
      const names = appeals.size > 0 ? await departmentNames(cfg) : new Map<string, string>();
      const tz = cfg.AUDIT_TIME_ZONE;
      const shown = new Set<string>();
      const text = records.map((r) => {
        const c = r.comment;
        const appealId = appealIdOf({
          platform: c.platform as Platform,
          accountId: c.account_id,
          commentId: c.comment_id,
        });
        const appeal = appeals.get(appealId);
        const statement = renderStatement(r, { timeZone: tz, accountTitles });
        if (!appeal || shown.has(appealId)) return statement;
        shown.add(appealId);
        return `${statement}\n\n${renderAppealHistory(appeal, { timeZone: tz, departmentNames: names })}`;
      });
      // An appeal whose comment broke no rule has no moderation record: its history stands alone.
      for (const [appealId, v] of appeals) {
        if (shown.has(appealId)) continue;
        text.push(
          'Комментарий оставлен без нарушений (в журнале модерации не записан).\n\n' +
            renderAppealHistory(v, { timeZone: tz, departmentNames: names }),
        );
      }
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
