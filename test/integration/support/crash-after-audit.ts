/**
 * Child process of the crash test: starts Strazh (moderate role only) with the environment it is
 * given, submits one comment, and kills itself with SIGKILL right after the audit log committed the
 * decision — before the platform action is queued. No clean-up runs, as in a real crash.
 */
import { loadConfig } from '../../../config/env.ts';
import { createLogger } from '../../../config/logger.ts';
import { CommentSchema } from '../../../core/comment.ts';
import { startStrazh } from '../../../daemon/app.ts';

const cfg = loadConfig(process.env);
const app = await startStrazh({
  cfg,
  env: process.env,
  log: createLogger('silent'),
  observers: [
    {
      onDecision: async (e) => {
        if (e.outcome === 'delete') process.kill(process.pid, 'SIGKILL');
      },
    },
  ],
});
await app.intake.submit(CommentSchema.parse(JSON.parse(process.env.CRASH_COMMENT ?? '{}')));
