import type { InstagramAccount } from '../../config/accounts.ts';
import type { ActJob } from '../../queues/payloads.ts';
import { countGraphItems, GraphClient } from '../meta/graph-client.ts';
import type { ActionOutcome, PlatformActions } from '../platform-actions.ts';

const HOSTS = { facebook: 'https://graph.facebook.com', instagram: 'https://graph.instagram.com' } as const;

/**
 * Instagram comment actions: hide / unhide (`POST /{comment-id}` `hide=true|false`) and delete
 * (`DELETE /{comment-id}`), on graph.facebook.com (Facebook Login) or graph.instagram.com (Instagram
 * Login). The API cannot block a user: that is reported `unsupported` with a link for the moderator.
 */
export class InstagramActions implements PlatformActions {
  readonly #graph: GraphClient;

  constructor(
    private readonly account: InstagramAccount,
    accessToken: string,
  ) {
    this.#graph = new GraphClient({
      platform: 'instagram',
      baseUrl: account.api_base_url ?? HOSTS[account.login],
      version: account.graph_version,
      accessToken,
      rateLimitWaitMs: (account.rate_limit_wait_s ?? 60) * 1000,
    });
  }

  #profile(job: ActJob): string {
    const name = job.comment.author.name;
    return name ? `https://www.instagram.com/${encodeURIComponent(name)}/` : 'https://www.instagram.com/';
  }

  async #hide(job: ActJob, hide: boolean): Promise<ActionOutcome> {
    await this.#graph.request('POST', job.comment.commentId, { hide: String(hide) });
    return { status: 'done', detail: `hide=${hide}` };
  }

  async #delete(job: ActJob): Promise<ActionOutcome> {
    await this.#graph.request('DELETE', job.comment.commentId);
    return { status: 'done', detail: 'DELETE comment' };
  }

  /** `GET /{ig-user-id}/media`, newest first. */
  countOwnPosts(from: Date, to: Date): Promise<number> {
    return countGraphItems(
      this.#graph,
      `${this.account.platform_ids.ig_user_id}/media`,
      'timestamp',
      from,
      to,
    );
  }

  async perform(job: ActJob): Promise<ActionOutcome> {
    switch (job.action) {
      case 'hide':
        return this.#hide(job, true);
      case 'unhide':
      case 'restore':
        return this.#hide(job, false);
      case 'delete':
        return this.#delete(job);
      case 'ban':
        return {
          status: 'unsupported',
          detail: 'Instagram API cannot block users; restrict or block in the app',
          manualUrl: this.#profile(job),
        };
      case 'unban':
      case 'restore_and_unban':
        // Nothing to call: the API neither blocks nor unblocks, nor restores a deleted comment.
        return {
          status: 'unsupported',
          detail: 'Instagram API cannot unblock users or restore comments; do it in the app',
          manualUrl: this.#profile(job),
        };
      case 'delete_and_ban': {
        const d = await this.#delete(job);
        return {
          status: 'unsupported',
          detail: `${d.detail}; blocking must be done in the app`,
          manualUrl: this.#profile(job),
        };
      }
    }
  }
}
