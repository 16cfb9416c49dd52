import { ZodError } from 'zod';
import type { Logger } from 'pino';
import type { CommunityReplyInput } from '../../core/appeals/community-reply.ts';
import type { CommentIntake } from '../../queues/comment-intake.ts';
import type { AccountPostEvent } from '../../workers/moderation-observer.ts';
import type { EventDedupe } from '../event-dedupe.ts';
import type { InboundHealthHook } from '../inbound-health.ts';
import { mapVkEvent } from './map-vk-event.ts';
import { mapVkCommunityReply } from './map-vk-reply.ts';
import type { VkEnvelope } from './vk-event.ts';

/** What the Callback route and the Long Poll loop share to bring a VK event into the pipeline. */
export interface VkIngestDeps {
  readonly intake: CommentIntake;
  readonly dedupe: EventDedupe;
  readonly log: Logger;
  /** Observer hook for the community's own posts (clause 2.2 report). */
  readonly onAccountPost?: (e: AccountPostEvent) => Promise<void>;
  /** Answer detection for appeals: the community's own replies to comments. */
  readonly onCommunityReply?: (reply: CommunityReplyInput) => Promise<void>;
  /** Told of every delivery that worked or failed (registry report: webhook health). */
  readonly onHealth?: InboundHealthHook;
}

export type VkIngestResult =
  'queued' | 'duplicate' | 'account_post' | 'community_reply' | 'ignored' | 'refused';

/**
 * Brings one VK event into the pipeline: drops a redelivered `event_id`, maps the event, queues a
 * comment or reports the community's own post. Resolves only once the comment is in Redis.
 *
 * @throws when Redis (or the post observer) fails; the event id is not noted, so a redelivery is handled.
 */
export async function ingestVkEvent(
  deps: VkIngestDeps,
  accountId: string,
  env: VkEnvelope,
): Promise<VkIngestResult> {
  const eventId = env.event_id;
  const scope = `vk:${accountId}`;
  if (eventId !== undefined && (await deps.dedupe.seen(scope, eventId))) return 'duplicate';
  const result = await handleVkEvent(deps, accountId, env);
  if (eventId !== undefined) {
    // The event is handled (the comment is in Redis): failing to note it only lets a redelivery
    // through to the comment claims, so VK's answer neither waits for it nor fails with it.
    void deps.dedupe
      .remember(scope, eventId)
      .catch((err: unknown) => deps.log.warn({ err, account: accountId, eventId }, 'vk: event id not noted'));
  }
  return result;
}

/** Maps one VK event and hands it on: a comment to the intake, the community's post or reply to its hook. */
async function handleVkEvent(
  deps: VkIngestDeps,
  accountId: string,
  env: VkEnvelope,
): Promise<VkIngestResult> {
  const eventId = env.event_id;
  const reply = deps.onCommunityReply ? mapVkCommunityReply(accountId, env) : null;
  if (reply) {
    await deps.onCommunityReply?.(reply);
    return 'community_reply';
  }
  const meaning = mapVkEvent(accountId, env, Date.now());
  switch (meaning.type) {
    case 'comment':
      try {
        await deps.intake.submit(meaning.comment);
      } catch (err) {
        // Retrying cannot fix an invalid comment; an error answer would make VK pause the server.
        if (!(err instanceof ZodError)) throw err;
        deps.log.error({ account: accountId, eventId, issue: err.issues[0] }, 'vk: comment refused');
        return 'refused';
      }
      return 'queued';
    case 'account_post':
      await deps.onAccountPost?.({ accountId, postId: meaning.postId, publishedAt: meaning.publishedAt });
      return 'account_post';
    case 'ignored':
      deps.log.debug({ account: accountId, type: env.type, why: meaning.why }, 'vk: event ignored');
      return 'ignored';
  }
}
