import type { OkAccount } from '../../config/accounts.ts';
import type { ActJob } from '../../queues/payloads.ts';
import type { ActionOutcome, PlatformActions } from '../platform-actions.ts';
import { okTopicUrl } from './map-ok-comment.ts';
import type { OkClient } from './ok-client.ts';
import { OkTopicsSchema } from './ok-event.ts';

/**
 * OK actions through `discussions.deleteDiscussionComment`. A ban is only possible together with a
 * deletion (`block_author=true`, one call); OK's API cannot hide, restore, unban or ban on its own, so those
 * come back `unsupported` with a link where the moderator can do it by hand.
 */
export class OkActions implements PlatformActions {
  constructor(
    private readonly account: OkAccount,
    private readonly client: OkClient,
  ) {}

  #unsupported(job: ActJob, what: string): ActionOutcome {
    return {
      status: 'unsupported',
      detail: `OK API cannot ${what}; do it by hand`,
      manualUrl: okTopicUrl(this.account.platform_ids.group_id, job.comment.objectId),
    };
  }

  async #delete(job: ActJob, blockAuthor: boolean): Promise<ActionOutcome> {
    await this.client.call('discussions.deleteDiscussionComment', {
      discussionId: job.comment.objectId,
      discussionType: 'GROUP_TOPIC',
      comment_id: job.comment.commentId,
      ...(blockAuthor ? { block_author: 'true' } : {}),
    });
    return {
      status: 'done',
      detail: `discussions.deleteDiscussionComment${blockAuthor ? ' block_author' : ''}`,
    };
  }

  /** The group's own topics among its latest 100 (`mediatopic.getTopics`); older ones are not seen. */
  async countOwnPosts(from: Date, to: Date): Promise<number> {
    const gid = this.account.platform_ids.group_id;
    const raw = await this.client.call('mediatopic.getTopics', {
      gid,
      count: '100',
      fields: 'media_topic.ID,media_topic.CREATED_MS,media_topic.AUTHOR_REF',
    });
    return OkTopicsSchema.parse(raw).media_topics.filter(
      (t) =>
        t.author_ref === `group:${gid}` &&
        t.created_ms !== undefined &&
        t.created_ms >= from.getTime() &&
        t.created_ms < to.getTime(),
    ).length;
  }

  async perform(job: ActJob): Promise<ActionOutcome> {
    switch (job.action) {
      case 'delete':
        return this.#delete(job, false);
      case 'delete_and_ban':
        return this.#delete(job, true);
      case 'ban':
        return this.#unsupported(job, 'ban without deleting a comment');
      case 'hide':
      case 'unhide':
        return this.#unsupported(job, 'hide comments');
      case 'restore':
        return this.#unsupported(job, 'restore a deleted comment');
      case 'unban':
      case 'restore_and_unban':
        return this.#unsupported(job, 'lift a ban or restore a deleted comment');
    }
  }
}
