// Child process for the concurrent-migration test: opens the audit database named on the command
// line (applying migrations) once told to go, prints the migrations it applied as JSON, and exits.
import { openDatabase } from '../../../store/open-database.ts';

process.stdin.once('data', () => {
  openDatabase(`sqlite:${process.argv[2] ?? ''}`)
    .then(async (opened) => {
      process.stdout.write(JSON.stringify(opened.applied));
      await opened.db.destroy();
    })
    .catch((err: unknown) => {
      process.stderr.write(String(err));
      process.exitCode = 1;
    });
});
process.stdout.write('ready\n');
