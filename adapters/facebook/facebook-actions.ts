import type { FacebookAccount } from '../../config/accounts.ts';
import type { ActJob } from '../../queues/payloads.ts';
import { countGraphItems, GraphClient } from '../meta/graph-client.ts';
import type { ActionOutcome, PlatformActions } from '../platform-actions.ts';
import { PlatformError } from '../platform-error.ts';
import { afterSteps, runOnce, type StepMemo } from '../step-memo.ts';

export const FACEBOOK_GRAPH = 'https://graph.facebook.com';

/**
 * Facebook Page actions through the Graph API with the Page token: hide / unhide
 * (`POST /{comment-id}` `is_hidden`), delete (`DELETE /{comment-id}`), block the author
 * (`POST /{page-id}/blocked`) and unblock them (`DELETE /{page-id}/blocked`). Undo is unhide or
 * unblock: Facebook cannot bring back a deleted comment.
 */
export class FacebookActions implements PlatformActions {
  readonly #graph: GraphClient;

  constructor(
    private readonly account: FacebookAccount,
    accessToken: string,
    private readonly memo: StepMemo,
  ) {
    this.#graph = new GraphClient({
      platform: 'facebook',
      baseUrl: account.api_base_url ?? FACEBOOK_GRAPH,
      version: account.graph_version,
      accessToken,
      rateLimitWaitMs: (account.rate_limit_wait_s ?? 60) * 1000,
    });
  }

  async #hidden(job: ActJob, hidden: boolean): Promise<ActionOutcome> {
    await this.#graph.request('POST', job.comment.commentId, { is_hidden: String(hidden) });
    return { status: 'done', detail: `is_hidden=${hidden}` };
  }

  async #delete(job: ActJob): Promise<ActionOutcome> {
    await this.#graph.request('DELETE', job.comment.commentId);
    return { status: 'done', detail: 'DELETE comment' };
  }

  /**
   * The delete step of «delete and ban»: a comment already gone (its author removed it while it waited
   * in review, or an earlier DELETE went through and its answer was lost) is the goal reached — the
   * author must still be blocked, so «gone» does not end the action here.
   */
  async #deleteOrGone(job: ActJob): Promise<ActionOutcome> {
    try {
      return await this.#delete(job);
    } catch (err) {
      if (err instanceof PlatformError && err.kind === 'gone')
        return { status: 'already_done', detail: 'comment already deleted' };
      throw err;
    }
  }

  /** Where the Page's blocked people are managed by hand (when the webhook did not name the author). */
  #peopleSettings(): string {
    return `https://www.facebook.com/${this.account.platform_ids.page_id}/settings/?tab=people_and_other_pages`;
  }

  async #block(job: ActJob, block: boolean): Promise<ActionOutcome> {
    const verb = block ? 'POST' : 'DELETE';
    const author = job.comment.author.id;
    if (author === 'unknown')
      return {
        status: 'unsupported',
        detail: `${block ? 'block' : 'unblock'}: the webhook did not name the author`,
        manualUrl: this.#peopleSettings(),
      };
    await this.#graph.request(verb, `${this.account.platform_ids.page_id}/blocked`, { user: author });
    return { status: 'done', detail: `${verb} page/blocked` };
  }

  /** `GET /{page-id}/posts` (the Page's own posts) with `since`/`until`. */
  countOwnPosts(from: Date, to: Date): Promise<number> {
    return countGraphItems(
      this.#graph,
      `${this.account.platform_ids.page_id}/posts`,
      'created_time',
      from,
      to,
      {
        since: String(Math.floor(from.getTime() / 1000)),
        until: String(Math.ceil(to.getTime() / 1000)),
      },
    );
  }

  async perform(job: ActJob): Promise<ActionOutcome> {
    switch (job.action) {
      case 'hide':
        return this.#hidden(job, true);
      case 'unhide':
      case 'restore':
        return this.#hidden(job, false);
      case 'delete':
        return this.#delete(job);
      case 'ban':
        return this.#block(job, true);
      case 'unban':
        return this.#block(job, false);
      case 'restore_and_unban': {
        // Only the unblock can be done; the comment stays deleted, and the outcome says so.
        const u = await this.#block(job, false);
        return {
          status: 'unsupported',
          detail: `${u.detail}; Facebook cannot restore a deleted comment`,
          ...(u.manualUrl ? { manualUrl: u.manualUrl } : {}),
        };
      }
      case 'delete_and_ban': {
        // A retry after a failed block must not delete again (a second DELETE would fail with 100).
        const d = await runOnce(this.memo, job.key, 'fb-delete', () => this.#deleteOrGone(job));
        const deleted = d?.detail ?? 'delete (earlier attempt)';
        let b: ActionOutcome;
        try {
          b = await this.#block(job, true);
        } catch (err) {
          // The comment is gone either way: `/undo` must know (Facebook cannot bring it back).
          throw afterSteps(err, { step: 'delete', detail: deleted }, 'block');
        }
        // A later «delete and ban» of this comment (after /undo) must delete again.
        await this.memo.forget(job.key, ['fb-delete']);
        return {
          // Done when the author was blocked, even if the comment had already gone (the detail says so).
          status: b.status === 'unsupported' ? 'unsupported' : 'done',
          detail: `${deleted}+${b.detail}`,
          manualUrl: b.manualUrl,
        };
      }
    }
  }
}
