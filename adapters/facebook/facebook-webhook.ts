import type { FacebookAccount } from '../../config/accounts.ts';
import { mapFacebookCommunityReply } from '../graph-community-reply.ts';
import { metaAccountRoutes, type MetaWebhookDeps } from '../meta/meta-account-routes.ts';
import { mapFacebookChange } from './map-facebook-change.ts';

export type FacebookWebhookDeps = MetaWebhookDeps;

/**
 * Facebook Pages webhook: `GET|POST /webhooks/facebook`. One endpoint serves every configured Page;
 * each entry is routed to its account by Page id. Signatures are accepted from the app secret of any
 * configured Facebook account.
 */
export function facebookWebhookRoutes(deps: FacebookWebhookDeps) {
  return metaAccountRoutes<FacebookAccount>(deps, {
    platform: 'facebook',
    path: '/webhooks/facebook',
    object: 'page',
    graphId: (a) => a.platform_ids.page_id,
    communityReply: (a, change, at) =>
      change.field === 'feed'
        ? mapFacebookCommunityReply(a.id, a.platform_ids.page_id, change.value, at)
        : null,
    map: mapFacebookChange,
  });
}
