import http from 'node:http';
import https from 'node:https';
import { APIRequest, VK } from 'vk-io';
import type { VkAccount } from '../../config/accounts.ts';
import { ResultBatcher, type Settled } from '../../lib/micro-batch.ts';
import type { ActJob } from '../../queues/payloads.ts';
import { MAX_COUNT_PAGES, type ActionOutcome, type PlatformActions } from '../platform-actions.ts';
import { networkError } from '../platform-error.ts';
import { afterSteps, runOnce, type StepMemo } from '../step-memo.ts';
import { banCall, deleteCall, restoreCall, unbanCall } from './vk-calls.ts';
import { vkError } from './vk-errors.ts';
import {
  EXECUTE_MAX_CALLS,
  executeCode,
  executeResults,
  type VkAnswer,
  type VkApiCall,
  type VkParams as Params,
} from './vk-execute.ts';

/** Step names of the combined actions in the step memo. */
const STEP = { delete: 'vk-delete', unban: 'vk-unban' } as const;

/**
 * VK actions through vk-io's request code. vk-io's own queue retries error 6 forever, which would hang
 * a worker, so retries are left to BullMQ (see {@link vkError}).
 * Calls made in the same turn of the event loop (the actions of an act batch) travel together in one
 * `execute` of up to 25 calls, each still getting its own answer or error; VK allows a user token only
 * a few requests a second. `execute: false` in the account sends one request per call.
 * Deletions and bans use the community admin's USER token: a community token gets error 27.
 */
export class VkActions implements PlatformActions {
  readonly #vk: VK;
  readonly #batch: ResultBatcher<VkApiCall, unknown> | undefined;
  /** Wait after flood control (9/29); undefined = {@link vkError}'s default. */
  readonly #floodWaitMs: number | undefined;

  constructor(
    private readonly account: VkAccount,
    userToken: string,
    private readonly memo: StepMemo,
  ) {
    const base = account.api_base_url ?? 'https://api.vk.ru/method';
    this.#vk = new VK({
      token: userToken,
      apiBaseUrl: base.replace(/\/$/, ''),
      apiTimeout: 10_000,
      // vk-io defaults to the https agent, which cannot talk to an http:// emulator.
      agent: (base.startsWith('http://')
        ? new http.Agent({ keepAlive: true })
        : new https.Agent({ keepAlive: true })) as https.Agent,
    });
    const wait = account.rate_limit_wait_s;
    this.#floodWaitMs = wait === undefined ? undefined : wait * 1000;
    this.#batch =
      account.execute === false
        ? undefined
        : new ResultBatcher((calls) => this.#send(calls), EXECUTE_MAX_CALLS);
  }

  #call(method: string, params: Params): Promise<unknown> {
    return this.#batch ? this.#batch.push({ method, params }) : this.#request(method, params);
  }

  /** One HTTP request to VK; its answer, or its error as a {@link PlatformError}. */
  async #make(method: string, params: Params): Promise<VkAnswer> {
    try {
      return (await new APIRequest({ api: this.#vk.api, method, params }).make()) as VkAnswer;
    } catch (err) {
      throw networkError('vk', err);
    }
  }

  async #request(method: string, params: Params): Promise<unknown> {
    const body = await this.#make(method, params);
    if (body.error) throw vkError(body.error, this.#floodWaitMs);
    return body.response;
  }

  async #send(calls: VkApiCall[]): Promise<readonly Settled<unknown>[]> {
    const [only] = calls;
    if (only && calls.length === 1) {
      // A lone call goes as itself: one request either way, but VK need not compile VKScript for it
      // and its error is the method's own, so a quiet account talks to VK exactly as before.
      return [{ ok: true, value: await this.#request(only.method, only.params) }];
    }
    // A network error or a non-JSON answer rejects, failing every call of the batch (transient).
    const body = await this.#make('execute', { code: executeCode(calls) });
    return executeResults(calls.length, body, this.#floodWaitMs);
  }

  async #delete(job: ActJob): Promise<ActionOutcome> {
    const { method, params } = deleteCall(job, this.account.platform_ids.group_id);
    const res = await this.#call(method, params);
    // photos/market answer 0 when the comment is already gone: the goal is reached.
    return { status: res === 0 ? 'already_done' : 'done', detail: method };
  }

  async #ban(job: ActJob): Promise<ActionOutcome> {
    const { method, params } = banCall(job, this.account.platform_ids.group_id, Date.now());
    await this.#call(method, params);
    return { status: 'done', detail: method };
  }

  async #unban(job: ActJob): Promise<ActionOutcome> {
    const { method, params } = unbanCall(job, this.account.platform_ids.group_id);
    await this.#call(method, params);
    return { status: 'done', detail: method };
  }

  async #restore(job: ActJob): Promise<ActionOutcome> {
    const call = restoreCall(job, this.account.platform_ids.group_id);
    if (!call) return { status: 'unsupported', detail: `restore: VK cannot restore a ${job.comment.kind}` };
    await this.#call(call.method, call.params);
    return { status: 'done', detail: call.method };
  }

  /**
   * «Delete and ban»: a retry after a failed ban does not delete again (step memo), and a ban that
   * fails after the delete says so (`stepsDone`), so `/undo` restores the comment it deleted.
   */
  async #deleteAndBan(job: ActJob): Promise<ActionOutcome> {
    const d = await runOnce(this.memo, job.key, STEP.delete, () => this.#delete(job));
    const deleted = d?.detail ?? 'delete (earlier attempt)';
    try {
      await this.#ban(job);
    } catch (err) {
      throw afterSteps(err, { step: 'delete', detail: deleted }, 'groups.ban');
    }
    // The author is banned again: an unban step left marked by an undo that failed part-way no
    // longer holds, or the next undo of this ban would skip it.
    await this.memo.forget(job.key, [STEP.delete, STEP.unban]);
    return { status: d?.status ?? 'done', detail: `${deleted}+groups.ban` };
  }

  /**
   * A restore (the undo of a deletion) brings the comment back: a delete step left marked by a
   * «delete and ban» whose ban failed for good no longer holds, or deciding again would skip it.
   */
  async #restoreAgain(job: ActJob): Promise<ActionOutcome> {
    const r = await this.#restore(job);
    if (r.status === 'done') await this.memo.forget(job.key, [STEP.delete]);
    return r;
  }

  /**
   * Undo of «delete and ban», in reverse order: unban, then restore. Unbanning first means a restore
   * VK refuses (a comment deleted too long ago) still leaves the author unbanned; a retry after the
   * restore failed does not unban again (step memo), and the failure names what was already done.
   */
  async #restoreAndUnban(job: ActJob): Promise<ActionOutcome> {
    const u = await runOnce(this.memo, job.key, STEP.unban, () => this.#unban(job));
    const unbanned = u?.detail ?? 'groups.unban (earlier attempt)';
    let r: ActionOutcome;
    try {
      r = await this.#restore(job);
    } catch (err) {
      throw afterSteps(err, { step: 'unban', detail: unbanned }, 'restore');
    }
    await this.memo.forget(job.key, [STEP.unban]);
    return { status: r.status, detail: `${unbanned}+${r.detail}` };
  }

  /** `wall.get` with `filter=owner`, newest first; a pinned post may come first out of order. */
  async countOwnPosts(from: Date, to: Date): Promise<number> {
    const owner = -Number(this.account.platform_ids.group_id);
    const [lo, hi] = [from.getTime() / 1000, to.getTime() / 1000];
    let n = 0;
    for (let page = 0; page < MAX_COUNT_PAGES; page++) {
      const res = (await this.#call('wall.get', {
        owner_id: owner,
        filter: 'owner',
        count: 100,
        offset: page * 100,
      })) as { items?: { date: number; from_id?: number; is_pinned?: number }[] } | undefined;
      const items = res?.items ?? [];
      let older = false;
      for (const p of items) {
        if (p.date >= lo && p.date < hi && (p.from_id ?? owner) === owner) n++;
        if (!p.is_pinned && p.date < lo) older = true;
      }
      if (older || items.length < 100) break;
    }
    return n;
  }

  async perform(job: ActJob): Promise<ActionOutcome> {
    switch (job.action) {
      case 'delete':
        return this.#delete(job);
      case 'ban':
        return this.#ban(job);
      case 'delete_and_ban':
        return this.#deleteAndBan(job);
      case 'restore':
        return this.#restoreAgain(job);
      case 'unban':
        return this.#unban(job);
      case 'restore_and_unban':
        return this.#restoreAndUnban(job);
      case 'hide':
      case 'unhide':
        return { status: 'unsupported', detail: 'VK has no hidden comments' };
    }
  }
}
