import type { Redis } from 'ioredis';

/**
 * Remembers which steps of a multi-step action (delete, then ban) already succeeded, so a retry
 * after a failure of the second step does not repeat the first.
 */
export interface StepMemo {
  isDone(jobKey: string, step: string): Promise<boolean>;
  markDone(jobKey: string, step: string): Promise<void>;
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
