import type { Settled } from '../../lib/micro-batch.ts';
import { PlatformError } from '../platform-error.ts';
import { vkError, type VkErrorBody } from './vk-errors.ts';

/** VK runs at most 25 API calls in one `execute`. */
export const EXECUTE_MAX_CALLS = 25;

export type VkParams = Readonly<Record<string, string | number | undefined>>;

/** One VK API call: a method and its parameters as they would go in a plain request. */
export interface VkApiCall {
  readonly method: string;
  readonly params: VkParams;
}

/** One entry of `execute_errors`: the error of one failed call inside an `execute`. */
export interface VkExecuteError extends VkErrorBody {
  readonly method?: string;
}

/** VK's answer to a request: a plain method's, or `execute`'s with its per-call errors. */
export interface VkAnswer {
  readonly response?: unknown;
  readonly error?: VkErrorBody;
  readonly execute_errors?: readonly VkExecuteError[];
}

const METHOD = /^[a-z]+\.[a-zA-Z]+$/;

/**
 * One call as VKScript, `API.wall.deleteComment({"owner_id":"-1","comment_id":5})`. The parameters
 * are JSON-encoded as vk-io's `APIRequest#toString` does (undefined ones left out; our parameters are
 * only strings and numbers, so vk-io's stringifying of object values never applies).
 */
export function executeCall({ method, params }: VkApiCall): string {
  // Method names come from our code, never from a comment; a bad one is a bug, not input to escape.
  if (!METHOD.test(method)) throw new Error(`not a VK API method name: ${JSON.stringify(method)}`);
  return `API.${method}(${JSON.stringify(params)})`;
}

/** The `code` of an `execute` that runs `calls` and returns their answers in order. */
export function executeCode(calls: readonly VkApiCall[]): string {
  if (calls.length < 1 || calls.length > EXECUTE_MAX_CALLS)
    throw new RangeError(`execute carries 1 to ${EXECUTE_MAX_CALLS} calls, not ${calls.length}`);
  return `return [${calls.map(executeCall).join(',')}];`;
}

/**
 * Splits VK's answer to an `execute` of `count` calls into one result per call. A call that failed
 * answers `false` in `response`, and the n-th `false` pairs with the n-th entry of `execute_errors`
 * (none of the methods we call answers `false` on success). An error of the whole request — error 6,
 * a bad token, code VK could not run — fails every call with it. Errors go through {@link vkError}, so
 * each action is retried, waited for or dead-lettered exactly as after a plain call.
 */
export function executeResults(count: number, answer: VkAnswer, floodWaitMs?: number): Settled<unknown>[] {
  const all = (error: unknown): Settled<unknown>[] =>
    Array.from({ length: count }, () => ({ ok: false, error }));
  if (answer.error) return all(vkError(answer.error, floodWaitMs));
  const { response } = answer;
  if (!Array.isArray(response) || response.length !== count) {
    const got = Array.isArray(response) ? `${response.length} results` : 'no result list';
    // Positions cannot be trusted, so nobody is told "done"; a retry is safe (deletes are idempotent).
    return all(new PlatformError('vk', 'execute', 'transient', `execute of ${count} calls answered ${got}`));
  }
  const errors = answer.execute_errors ?? [];
  let next = 0;
  return response.map((value: unknown): Settled<unknown> => {
    if (value !== false) return { ok: true, value };
    const e = errors[next++];
    return {
      ok: false,
      error: e
        ? vkError(e, floodWaitMs)
        : new PlatformError('vk', 'execute', 'transient', 'a call in execute failed without an error entry'),
    };
  });
}
