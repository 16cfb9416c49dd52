import type { FacebookAccount } from '../../config/accounts.ts';
import type { ActJob } from '../../queues/payloads.ts';
import { countGraphItems, GraphClient } from '../meta/graph-client.ts';
import type { ActionOutcome, PlatformActions } from '../platform-actions.ts';
import { runOnce, type StepMemo } from '../step-memo.ts';

export const FACEBOOK_GRAPH = 'https://graph.facebook.com';

/**
 * Facebook Page actions through the Graph API with the Page token: hide / unhide
 * (`POST /{comment-id}` `is_hidden`), delete (`DELETE /{comment-id}`), block the author
 * (`POST /{page-id}/blocked`). Undo is unhide: Facebook cannot bring back a deleted comment.
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

  async #block(job: ActJob): Promise<ActionOutcome> {
    const author = job.comment.author.id;
    if (author === 'unknown')
      return {
        status: 'unsupported',
        detail: 'block: the webhook did not name the author',
        manualUrl: `https://www.facebook.com/${this.account.platform_ids.page_id}/settings/?tab=people_and_other_pages`,
      };
    await this.#graph.request('POST', `${this.account.platform_ids.page_id}/blocked`, { user: author });
    return { status: 'done', detail: 'POST page/blocked' };
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
        return this.#block(job);
      case 'delete_and_ban': {
        // A retry after a failed block must not delete again (a second DELETE would fail with 100).
        const d = await runOnce(this.memo, job.key, 'fb-delete', () => this.#delete(job));
        const b = await this.#block(job);
        return {
          status: b.status === 'unsupported' ? 'unsupported' : (d?.status ?? 'done'),
          detail: `${d?.detail ?? 'delete (earlier attempt)'}+${b.detail}`,
          manualUrl: b.manualUrl,
        };
      }
    }
  }
}
