import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Account, AccountRegistry } from '../config/accounts.ts';
import { ConfigError } from '../config/config-error.ts';
import type { CommentIntake } from '../queues/comment-intake.ts';
import type { AccountPostEvent } from '../workers/moderation-observer.ts';
import type { CommunityReplyInput } from '../core/appeals/community-reply.ts';
import type { EventDedupe } from './event-dedupe.ts';
import type { InboundHealthHook } from './inbound-health.ts';
import { FacebookActions } from './facebook/facebook-actions.ts';
import { facebookWebhookRoutes } from './facebook/facebook-webhook.ts';
import { InstagramActions } from './instagram/instagram-actions.ts';
import { instagramWebhookRoutes } from './instagram/instagram-webhook.ts';
import { OkActions } from './ok/ok-actions.ts';
import { OkClient } from './ok/ok-client.ts';
import type { CursorStore } from './cursor-store.ts';
import { OkPoller } from './ok/ok-poller.ts';
import type { PlatformActions } from './platform-actions.ts';
import type { Poller } from './poller.ts';
import type { StepMemo } from './step-memo.ts';
import { VkActions } from './vk/vk-actions.ts';
import { VkLongPoll } from './vk/vk-long-poll.ts';
import { vkWebhookRoutes } from './vk/vk-webhook.ts';

type Secrets = Readonly<Record<string, string>>;

function need(account: Account, secrets: Secrets, role: string, why: string): string {
  const v = secrets[role];
  if (!v) {
    const name = (account.tokens as Record<string, string | undefined>)[role] ?? role;
    throw new ConfigError(name, undefined, `account "${account.id}" (${account.platform}) needs ${why}`);
  }
  return v;
}

/**
 * Builds the action client of one account from its config and resolved secrets.
 *
 * @throws {ConfigError} naming the missing token and what it is for.
 */
export function createPlatformActions(account: Account, secrets: Secrets, memo: StepMemo): PlatformActions {
  switch (account.platform) {
    case 'vk':
      return new VkActions(
        account,
        need(account, secrets, 'user', "a community admin's USER token for deletions and bans"),
        memo,
      );
    case 'ok':
      return new OkActions(account, new OkClient(account, secrets));
    case 'facebook':
      return new FacebookActions(
        account,
        need(account, secrets, 'access_token', 'a Page access token'),
        memo,
      );
    case 'instagram':
      return new InstagramActions(
        account,
        need(account, secrets, 'access_token', 'an Instagram access token'),
      );
  }
}

export interface InboundDeps {
  readonly accounts: AccountRegistry;
  readonly secrets: (accountId: string) => Secrets;
  readonly intake: CommentIntake;
  readonly dedupe: EventDedupe;
  readonly cursors: CursorStore;
  readonly log: Logger;
  readonly onAccountPost?: (e: AccountPostEvent) => Promise<void>;
  /** Appeals: the account's own replies to comments mark their appeals answered. */
  readonly onCommunityReply?: (reply: CommunityReplyInput) => Promise<void>;
  /** Deliveries and polling rounds that worked or failed (registry report: webhook health). */
  readonly onHealth?: InboundHealthHook;
}

/** Webhook routes of every platform that has at least one account configured. */
export function createWebhookRoutes(deps: InboundDeps): ((app: FastifyInstance) => void)[] {
  const has = (p: Account['platform']) => deps.accounts.accounts.some((a) => a.platform === p);
  const routes: ((app: FastifyInstance) => void)[] = [];
  if (has('vk')) routes.push(vkWebhookRoutes(deps));
  if (has('facebook')) routes.push(facebookWebhookRoutes(deps));
  if (has('instagram')) routes.push(instagramWebhookRoutes(deps));
  return routes;
}

/** Pollers: VK Bots Long Poll for accounts that ask for it, and every OK account (OK has no comment webhook). */
export function createPollers(deps: InboundDeps): Poller[] {
  const pollers: Poller[] = [];
  for (const a of deps.accounts.accounts) {
    const secrets = deps.secrets(a.id);
    if (a.platform === 'vk' && a.callback.long_poll) {
      const token = need(a, secrets, 'community', 'a community token for Bots Long Poll');
      pollers.push(new VkLongPoll(a, token, deps));
    } else if (a.platform === 'ok') {
      pollers.push(new OkPoller(a, { ...deps, client: new OkClient(a, secrets) }));
    }
  }
  return pollers;
}
