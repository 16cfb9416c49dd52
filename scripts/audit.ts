/**
 * `npm run audit -- show <comment-key-or-platform-comment-id>`: prints the statement of reasons
 * (in Russian) for every audited comment matching the key or the platform's comment id.
 * `npm run audit -- purge`: runs the retention purge once, now.
 */
import { auditCommand } from '../store/cli/audit-command.ts';
import { processOutput } from '../store/cli/output.ts';

try {
  process.exitCode = await auditCommand(process.argv.slice(2), process.env, processOutput);
} catch (err) {
  // Database unreachable, migration failed…: say so in one line, no stack for the operator.
  process.stderr.write(`audit: ${String(err)}\n`);
  process.exitCode = 2;
}
