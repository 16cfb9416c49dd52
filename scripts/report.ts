/**
 * `npm run report -- --from YYYY-MM-DD --to YYYY-MM-DD [--format md|csv|html] [--out FILE]`:
 * the registry of accounts (clause 1.4), posting activity (clause 2.2) and moderation (clause 2.5)
 * for the local days `from`..`to` (inclusive, AUDIT_TIME_ZONE), from the audit store and the
 * accounts file.
 */
import { processOutput } from '../store/cli/output.ts';
import { reportCommand } from '../store/cli/report-command.ts';

try {
  process.exitCode = await reportCommand(process.argv.slice(2), process.env, processOutput);
} catch (err) {
  // Database unreachable, migration failed…: say so in one line, no stack for the operator.
  process.stderr.write(`report: ${String(err)}\n`);
  process.exitCode = 2;
}
