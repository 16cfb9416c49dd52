import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ActionOutcome } from '../../adapters/platform-actions.ts';
import { loadConfig } from '../../config/env.ts';
import { createLogger } from '../../config/logger.ts';
import { startStrazh, type Strazh } from '../../daemon/app.ts';
import type { ActJob } from '../../queues/payloads.ts';
import type {
  AccountPostEvent,
  DecisionEvent,
  ModerationObserver,
} from '../../workers/moderation-observer.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { REDIS_URL, uniquePrefix } from './harness.ts';

export { REDIS_URL, waitFor } from './harness.ts';

/** What the pipeline reported while a test ran. */
export class Recorder implements ModerationObserver {
  readonly decisions: DecisionEvent[] = [];
  readonly done: { job: ActJob; outcome: ActionOutcome }[] = [];
  readonly failed: { job: ActJob; err: Error; final: boolean }[] = [];
  readonly posts: AccountPostEvent[] = [];
  /** Dead letters: the queue and the job or action id that reached it. */
  readonly dead: { queue: string; id: string | undefined }[] = [];
  async onDecision(e: DecisionEvent) {
    this.decisions.push(e);
  }
  async onActionDone(job: ActJob, outcome: ActionOutcome) {
    this.done.push({ job, outcome });
  }
  async onActionFailed(job: ActJob, err: Error, final: boolean) {
    this.failed.push({ job, err, final });
  }
  async onAccountPost(e: AccountPostEvent) {
    this.posts.push(e);
  }
  async onDeadLetter(queue: string, id: string | undefined) {
    this.dead.push({ queue, id });
  }
}

export interface Booted {
  readonly app: Strazh;
  readonly rec: Recorder;
  readonly prefix: string;
  stop(): Promise<void>;
  /** Stops the daemon but keeps Redis keys, runs `whileDown`, starts again (restart tests). */
  restart(whileDown?: () => void | Promise<void>): Promise<Booted>;
}

/** Starts the whole daemon against real Redis with any accounts file (all four platforms), written from `yaml`. */
export async function boot(
  yaml: string,
  env: Record<string, string>,
  opts: { roles?: string; prefix?: string; extra?: Record<string, string> } = {},
): Promise<Booted> {
  const dir = await mkdtemp(path.join(tmpdir(), 'strazh-it-'));
  const file = path.join(dir, 'accounts.yaml');
  await writeFile(file, yaml);
  const prefix = opts.prefix ?? uniquePrefix('adapters');
  const cfg = loadConfig({
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    HTTP_PORT: '0',
    ACCOUNTS_FILE: file,
    RULES_WATCH: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RETRY_BASE_DELAY_MS: '100',
    ACT_ATTEMPTS: '4',
    ...(opts.roles ? { ROLES: opts.roles } : {}),
    ...opts.extra,
  });
  const rec = new Recorder();
  let app: Strazh;
  try {
    app = await startStrazh({ cfg, env, log: createLogger(cfg.LOG_LEVEL), observers: [rec] });
  } catch (err) {
    // A refused start-up (the test may expect it) must not leave keys behind either.
    await deletePrefix(REDIS_URL, prefix);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  let stopped = false;
  const shutdown = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    app,
    rec,
    prefix,
    async stop() {
      await shutdown();
      await deletePrefix(REDIS_URL, prefix);
      await rm(dir, { recursive: true, force: true });
    },
    async restart(whileDown) {
      await shutdown();
      await whileDown?.();
      await rm(dir, { recursive: true, force: true });
      return boot(yaml, env, { ...opts, prefix });
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const OBSCENE = 'Какого хуя опять свет отключили';
export const CLEAN = 'Спасибо за оперативную работу, дорогу наконец починили';
