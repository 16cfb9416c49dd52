import type { Logger } from 'pino';
import type { OkAccount } from '../../config/accounts.ts';
import type { CommunityReplyInput } from '../../core/appeals/community-reply.ts';
import { CommentSchema, type CommentInput } from '../../core/comment.ts';
import type { CommentIntake } from '../../queues/comment-intake.ts';
import type { AccountPostEvent } from '../../workers/moderation-observer.ts';
import type { InboundHealthHook } from '../inbound-health.ts';
import { healthReporter } from '../inbound-health.ts';
import type { Poller } from '../poller.ts';
import { mapOkComment } from './map-ok-comment.ts';
import { mapOkCommunityReply } from './map-ok-reply.ts';
import type { OkClient } from './ok-client.ts';
import type { CursorStore } from '../cursor-store.ts';
import { OkCommentSchema, OkCommentsPageSchema, OkTopicsSchema, type OkTopic } from './ok-event.ts';

export interface OkPollerDeps {
  readonly client: OkClient;
  readonly cursors: CursorStore;
  readonly intake: CommentIntake;
  readonly log: Logger;
  readonly onAccountPost?: (e: AccountPostEvent) => Promise<void>;
  /** Answer detection for appeals: the group's own replies to comments. */
  readonly onCommunityReply?: (reply: CommunityReplyInput) => Promise<void>;
  /** Told of every polling round that worked or failed (registry report: webhook health). */
  readonly onHealth?: InboundHealthHook;
}

const PAGE = 100;
const FIELDS = 'comment.ID,comment.TEXT,comment.AUTHOR_ID,comment.DATE,comment.REPLY_TO_COMMENT_ID';

/** What one polling round did. */
export interface OkPollRound {
  readonly topics: number;
  readonly queued: number;
  /** The group's own replies to comments handed to answer detection. */
  readonly replies: number;
}

/**
 * Polls an OK group (there is no webhook for comments): the latest `topics_per_poll` topics with
 * `mediatopic.getTopics`, then each topic's new comments with `discussions.getComments` going
 * FORWARD from the stored anchor. The anchor is saved only after the page's comments are queued and
 * the group's replies recorded, so a crash re-reads a page and never skips one: comments are
 * deduplicated by comment key, and a reply recorded twice finds its appeal already answered. The
 * group's own comments are not moderated, but the anchor moves past them like past any other.
 */
export class OkPoller implements Poller {
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<unknown> | undefined;
  #closed = false;
  #failedRounds = 0;

  constructor(
    private readonly account: OkAccount,
    private readonly deps: OkPollerDeps,
  ) {}

  get name(): string {
    return `ok-poll:${this.account.id}`;
  }

  async #pollTopic(topic: OkTopic): Promise<{ queued: number; replies: number }> {
    const gid = this.account.platform_ids.group_id;
    let anchor = await this.deps.cursors.get(`ok:${this.account.id}`, topic.id);
    if (anchor === undefined && topic.author_ref === `group:${gid}` && topic.created_ms !== undefined) {
      // First sight of a topic the group published: count it for the clause 2.2 report.
      await this.deps.onAccountPost?.({
        accountId: this.account.id,
        postId: topic.id,
        publishedAt: new Date(topic.created_ms),
      });
    }
    let queued = 0;
    let replyCount = 0;
    for (;;) {
      const raw = await this.deps.client.call('discussions.getComments', {
        discussionId: topic.id,
        discussionType: 'GROUP_TOPIC',
        count: String(PAGE),
        direction: 'FORWARD',
        anchor: anchor ?? 'FIRST',
        fields: FIELDS,
      });
      const page = OkCommentsPageSchema.parse(raw);
      const now = Date.now();
      const comments: CommentInput[] = [];
      const replies: CommunityReplyInput[] = [];
      for (const item of page.comments) {
        const c = OkCommentSchema.safeParse(item);
        if (!c.success) {
          this.deps.log.warn({ account: this.account.id, topic: topic.id }, 'ok: malformed comment skipped');
          continue;
        }
        const mapped = mapOkComment(this.account.id, gid, topic.id, c.data, now);
        // Checked here, one by one: the intake refuses a whole batch with one invalid comment, and the
        // page would then be read again, refused again, and hold up every topic after it for ever.
        const valid = mapped && CommentSchema.safeParse(mapped);
        if (valid && !valid.success)
          this.deps.log.error(
            { account: this.account.id, topic: topic.id, comment: c.data.id, issue: valid.error.issues[0] },
            'ok: comment refused',
          );
        else if (mapped) comments.push(mapped);
        const reply = this.deps.onCommunityReply && mapOkCommunityReply(this.account.id, gid, c.data, now);
        if (reply) replies.push(reply);
      }
      await this.deps.intake.submitMany(comments);
      queued += comments.length;
      // Recorded before the anchor moves, so a failure here re-reads the page instead of losing the
      // answer (a second recording finds the appeal already answered and changes nothing).
      for (const r of replies) await this.deps.onCommunityReply?.(r);
      replyCount += replies.length;
      if (page.anchor === undefined || page.anchor === anchor) break;
      anchor = page.anchor;
      await this.deps.cursors.set(`ok:${this.account.id}`, topic.id, anchor);
      if (!page.has_more || page.comments.length === 0) break;
    }
    return { queued, replies: replyCount };
  }

  /** One polling round over the latest topics. @throws {PlatformError} or Redis errors. */
  async pollOnce(): Promise<OkPollRound> {
    const raw = await this.deps.client.call('mediatopic.getTopics', {
      gid: this.account.platform_ids.group_id,
      count: String(this.account.topics_per_poll),
      fields: 'media_topic.ID,media_topic.CREATED_MS,media_topic.AUTHOR_REF',
    });
    const topics = OkTopicsSchema.parse(raw).media_topics;
    let queued = 0;
    let replies = 0;
    for (const t of topics) {
      if (this.#closed) break;
      const r = await this.#pollTopic(t);
      queued += r.queued;
      replies += r.replies;
    }
    return { topics: topics.length, queued, replies };
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#round = this.pollOnce().then(
        (r) => {
          this.#failedRounds = 0;
          healthReporter(this.deps.onHealth, 'ok', 'poll').ok(this.account.id);
          if (r.queued > 0 || r.replies > 0)
            this.deps.log.info({ account: this.account.id, ...r }, 'ok: comments queued');
        },
        (err: unknown) => {
          this.#failedRounds++;
          healthReporter(this.deps.onHealth, 'ok', 'poll').failed(
            this.account.id,
            err instanceof Error ? err.message.slice(0, 300) : String(err),
          );
          this.deps.log.error(
            { err, account: this.account.id, failedRounds: this.#failedRounds },
            'ok: polling round failed',
          );
        },
      );
      void this.#round.finally(() => this.#schedule());
    }, this.account.poll_interval_s * 1000);
  }

  /** Runs the first round now, so a bad key or signature stops start-up with a clear error. */
  async start(): Promise<void> {
    const first = this.pollOnce();
    this.#round = first;
    const r = await first;
    this.deps.log.info({ account: this.account.id, ...r }, 'ok polling started');
    this.#schedule();
  }

  /** Unhealthy after three failed rounds in a row (a single network hiccup is not worth an alert). */
  healthy(): boolean {
    return this.#failedRounds < 3;
  }

  /** Stops scheduling and waits for the round in progress. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#round?.catch(() => undefined);
  }
}
