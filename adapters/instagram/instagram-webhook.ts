import type { InstagramAccount } from '../../config/accounts.ts';
import { mapInstagramCommunityReply } from '../graph-community-reply.ts';
import { metaAccountRoutes, type MetaWebhookDeps } from '../meta/meta-account-routes.ts';
import { mapInstagramChange } from './map-instagram-change.ts';

export type InstagramWebhookDeps = MetaWebhookDeps;

/**
 * Instagram webhook: `GET|POST /webhooks/instagram`, fields `comments` and `live_comments`, both
 * payload layouts. Entries are routed to their account by Instagram user id.
 */
export function instagramWebhookRoutes(deps: InstagramWebhookDeps) {
  return metaAccountRoutes<InstagramAccount>(deps, {
    platform: 'instagram',
    path: '/webhooks/instagram',
    object: 'instagram',
    graphId: (a) => a.platform_ids.ig_user_id,
    communityReply: (a, change, at) =>
      change.field === 'comments' || change.field === 'live_comments'
        ? mapInstagramCommunityReply(a.id, a.platform_ids.ig_user_id, change.value, at)
        : null,
    map: mapInstagramChange,
  });
}
