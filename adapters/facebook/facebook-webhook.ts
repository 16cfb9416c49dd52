import type { Logger } from 'pino';
import type { AccountRegistry, FacebookAccount } from '../../config/accounts.ts';
import type { CommunityReplyInput } from '../../core/appeals/community-reply.ts';
import type { CommentIntake } from '../../queues/comment-intake.ts';
import { mapFacebookCommunityReply } from '../graph-community-reply.ts';
import { ingestMetaNotification } from '../meta/meta-intake.ts';
import type { InboundHealthHook } from '../inbound-health.ts';
import { metaWebhookRoutes } from '../meta/meta-webhook.ts';
import { mapFacebookChange } from './map-facebook-change.ts';

export interface FacebookWebhookDeps {
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
 * Facebook Pages webhook: `GET|POST /webhooks/facebook`. One endpoint serves every configured Page;
 * each entry is routed to its account by Page id. Signatures are accepted from the app secret of any
 * configured Facebook account.
 */
export function facebookWebhookRoutes(deps: FacebookWebhookDeps) {
  const pages = deps.accounts.accounts.filter((a): a is FacebookAccount => a.platform === 'facebook');
  const byPage = new Map(pages.map((a) => [a.platform_ids.page_id, a]));
  return metaWebhookRoutes({
    path: '/webhooks/facebook',
    object: 'page',
    verifyTokens: uniq(pages.map((a) => deps.secrets(a.id).verify_token)),
    appSecrets: uniq(pages.map((a) => deps.secrets(a.id).app_secret)),
    log: deps.log,
    ...(deps.onHealth ? { onHealth: deps.onHealth } : {}),
    handle: (n) =>
      ingestMetaNotification(
        {
          intake: deps.intake,
          log: deps.log,
          accountFor: (id) => byPage.get(id),
          accountId: (a) => a.id,
          communityReply: (a, change, at) =>
            change.field === 'feed'
              ? mapFacebookCommunityReply(a.id, a.platform_ids.page_id, change.value, at)
              : null,
          onCommunityReply: deps.onCommunityReply,
          map: mapFacebookChange,
        },
        'facebook',
        n,
      ),
  });
}
