import type { Logger } from 'pino';
import type { AccountRegistry, InstagramAccount } from '../../config/accounts.ts';
import type { CommunityReplyInput } from '../../core/appeals/community-reply.ts';
import type { CommentIntake } from '../../queues/comment-intake.ts';
import { mapInstagramCommunityReply } from '../graph-community-reply.ts';
import { ingestMetaNotification } from '../meta/meta-intake.ts';
import type { InboundHealthHook } from '../inbound-health.ts';
import { metaWebhookRoutes } from '../meta/meta-webhook.ts';
import { mapInstagramChange } from './map-instagram-change.ts';

export interface InstagramWebhookDeps {
  readonly accounts: AccountRegistry;
  readonly secrets: (accountId: string) => Readonly<Record<string, string>>;
  readonly intake: CommentIntake;
  readonly log: Logger;
  /** Answer detection for appeals: the account's own replies to comments. */
  readonly onCommunityReply?: (reply: CommunityReplyInput) => Promise<void>;
  readonly onHealth?: InboundHealthHook;
}

const uniq = (xs: (string | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))];

/**
 * Instagram webhook: `GET|POST /webhooks/instagram`, fields `comments` and `live_comments`, both
 * payload layouts. Entries are routed to their account by Instagram user id.
 */
export function instagramWebhookRoutes(deps: InstagramWebhookDeps) {
  const igs = deps.accounts.accounts.filter((a): a is InstagramAccount => a.platform === 'instagram');
  const byUser = new Map(igs.map((a) => [a.platform_ids.ig_user_id, a]));
  return metaWebhookRoutes({
    path: '/webhooks/instagram',
    object: 'instagram',
    verifyTokens: uniq(igs.map((a) => deps.secrets(a.id).verify_token)),
    appSecrets: uniq(igs.map((a) => deps.secrets(a.id).app_secret)),
    log: deps.log,
    ...(deps.onHealth ? { onHealth: deps.onHealth } : {}),
    handle: (n) =>
      ingestMetaNotification(
        {
          intake: deps.intake,
          log: deps.log,
          accountFor: (id) => byUser.get(id),
          accountId: (a) => a.id,
          communityReply: (a, change, at) =>
            change.field === 'comments' || change.field === 'live_comments'
              ? mapInstagramCommunityReply(a.id, a.platform_ids.ig_user_id, change.value, at)
              : null,
          onCommunityReply: deps.onCommunityReply,
          map: mapInstagramChange,
        },
        'instagram',
        n,
      ),
  });
}
