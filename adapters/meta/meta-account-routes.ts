import type { Logger } from 'pino';
import type { AccountRegistry, FacebookAccount, InstagramAccount } from '../../config/accounts.ts';
import type { CommunityReplyInput } from '../../core/appeals/community-reply.ts';
import type { CommentIntake } from '../../queues/comment-intake.ts';
import type { InboundHealthHook } from '../inbound-health.ts';
import { ingestMetaNotification, type MetaIntakeDeps } from './meta-intake.ts';
import { metaWebhookRoutes } from './meta-webhook.ts';

export interface MetaWebhookDeps {
  readonly accounts: AccountRegistry;
  readonly secrets: (accountId: string) => Readonly<Record<string, string>>;
  readonly intake: CommentIntake;
  readonly log: Logger;
  /** Answer detection for appeals: the account's own replies to comments. */
  readonly onCommunityReply?: (reply: CommunityReplyInput) => Promise<void>;
  readonly onHealth?: InboundHealthHook;
}

/** What differs between the Facebook and the Instagram webhook. */
export interface MetaAccountSpec<A extends FacebookAccount | InstagramAccount> {
  readonly platform: A['platform'];
  readonly path: string;
  /** The notification's `object`: `page` or `instagram`. */
  readonly object: string;
  /** The Graph id an entry carries for this account (Page id / Instagram user id). */
  readonly graphId: (account: A) => string;
  readonly map: MetaIntakeDeps<A>['map'];
  readonly communityReply: NonNullable<MetaIntakeDeps<A>['communityReply']>;
}

const uniq = (xs: (string | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))];

/**
 * One webhook endpoint for every configured account of a Meta platform: each entry is routed to its
 * account by Graph id; verify tokens and signatures are accepted from any of those accounts.
 */
export function metaAccountRoutes<A extends FacebookAccount | InstagramAccount>(
  deps: MetaWebhookDeps,
  spec: MetaAccountSpec<A>,
) {
  const accounts = deps.accounts.accounts.filter((a): a is A => a.platform === spec.platform);
  const byGraphId = new Map(accounts.map((a) => [spec.graphId(a), a]));
  return metaWebhookRoutes({
    path: spec.path,
    object: spec.object,
    verifyTokens: uniq(accounts.map((a) => deps.secrets(a.id).verify_token)),
    appSecrets: uniq(accounts.map((a) => deps.secrets(a.id).app_secret)),
    log: deps.log,
    ...(deps.onHealth ? { onHealth: deps.onHealth } : {}),
    handle: (n) =>
      ingestMetaNotification(
        {
          intake: deps.intake,
          log: deps.log,
          accountFor: (id) => byGraphId.get(id),
          accountId: (a) => a.id,
          communityReply: spec.communityReply,
          onCommunityReply: deps.onCommunityReply,
          map: spec.map,
        },
        spec.platform,
        n,
      ),
  });
}
