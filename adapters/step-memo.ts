import type { Redis } from 'ioredis';
import type { ActionStep } from '../queues/payloads.ts';
import { PlatformError } from './platform-error.ts';

/**
 * Remembers which steps of a multi-step action (delete, then ban) already succeeded, so a retry
 * after a failure of the second step does not repeat the first.
 */
export interface StepMemo {
  isDone(jobKey: string, step: string): Promise<boolean>;
  markDone(jobKey: string, step: string): Promise<void>;
  /**
   * Drops the marks once the whole action succeeded, or once a later action reversed a marked step
   * (a restore after a «delete and ban» whose ban failed for good). The memo is keyed by comment, and
   * after /undo the same comment may get the same action again (delete and ban → undo → delete and
   * ban): a mark left behind would make that new request skip its first step.
   */
  forget(jobKey: string, steps: readonly string[]): Promise<void>;
}

/** {@link StepMemo} in Redis, kept for `ttlSeconds` (longer than a job can keep retrying). */
export class RedisStepMemo implements StepMemo {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  #key(jobKey: string, step: string): string {
    return `${this.prefix}:act-step:${jobKey}:${step}`;
  }

  async isDone(jobKey: string, step: string): Promise<boolean> {
    return (await this.redis.exists(this.#key(jobKey, step))) === 1;
  }

  async markDone(jobKey: string, step: string): Promise<void> {
    await this.redis.set(this.#key(jobKey, step), '1', 'EX', this.ttlSeconds);
  }

  async forget(jobKey: string, steps: readonly string[]): Promise<void> {
    if (steps.length > 0) await this.redis.del(...steps.map((s) => this.#key(jobKey, s)));
  }
}

/** A memo for a single process (unit tests, tools): forgets on restart. */
export class MemoryStepMemo implements StepMemo {
  readonly #done = new Set<string>();
  async isDone(jobKey: string, step: string): Promise<boolean> {
    return this.#done.has(`${jobKey}:${step}`);
  }
  async markDone(jobKey: string, step: string): Promise<void> {
    this.#done.add(`${jobKey}:${step}`);
  }
  async forget(jobKey: string, steps: readonly string[]): Promise<void> {
    for (const s of steps) this.#done.delete(`${jobKey}:${s}`);
  }
}

/**
 * Runs `step` unless the memo says it already succeeded for this job; records success.
 * Returns undefined when the step was skipped.
 */
export async function runOnce<T>(
  memo: StepMemo,
  jobKey: string,
  step: string,
  run: () => Promise<T>,
): Promise<T | undefined> {
  if (await memo.isDone(jobKey, step)) return undefined;
  const result = await run();
  await memo.markDone(jobKey, step);
  return result;
}

/** A step of a combined action that went through: which one, and the platform call that did it. */
export interface DoneStep {
  readonly step: ActionStep;
  /** e.g. `wall.deleteComment`, or `delete (earlier attempt)` when the memo skipped it. */
  readonly detail: string;
}

/**
 * Re-throws the error of a later step with what the earlier step already did, keeping its queue
 * behaviour (a PlatformError keeps its kind): the failure reason then tells the moderator exactly
 * what is left to do by hand, and `stepsDone` tells `/undo` what there is to reverse.
 */
export function afterSteps(err: unknown, done: DoneStep, failed: string): unknown {
  if (!(err instanceof PlatformError)) return err;
  const inner = err.message.replace(/^\S+ error \S+: /, '');
  const message = `${done.detail} done; ${failed} failed: ${inner}`;
  return new PlatformError(err.platform, err.code, err.kind, message, err.retryAfterMs, [
    ...err.stepsDone,
    done.step,
  ]);
}
