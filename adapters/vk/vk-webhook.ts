import type { FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../../config/accounts.ts';
import type { CommentIntake } from '../../queues/comment-intake.ts';
import type { CommunityReplyInput } from '../../core/appeals/community-reply.ts';
import { mapVkCommunityReply } from './map-vk-reply.ts';
import { mapVkEvent } from './map-vk-event.ts';
import { VkEnvelopeSchema } from './vk-event.ts';

export interface VkWebhookDeps {
  readonly accounts: AccountRegistry;
  /** Secrets per account id (`callback_secret`, `callback_confirmation`), resolved at start-up. */
  readonly secrets: (accountId: string) => Readonly<Record<string, string>>;
  readonly intake: CommentIntake;
  readonly log: Logger;
  /** Answer detection for appeals: the community's own replies to comments. */
  readonly onCommunityReply?: (reply: CommunityReplyInput) => Promise<void>;
}

/**
 * VK Callback API: `POST /webhooks/vk/:accountId`. The comment is queued before VK gets `ok`, so an
 * `ok` always means "safely in Redis"; if Redis is down VK gets a 503 and delivers again.
 * (vk-io's own webhook handler answers `ok` before its handlers run, which could lose a comment.)
 */
export function vkWebhookRoutes(deps: VkWebhookDeps) {
  return (app: FastifyInstance): void => {
    app.post<{ Params: { accountId: string } }>('/webhooks/vk/:accountId', async (req, reply) => {
      const account = deps.accounts.get(req.params.accountId);
      if (!account || account.platform !== 'vk')
        return reply.code(404).type('text/plain').send('unknown account');
      const env = VkEnvelopeSchema.safeParse(req.body);
      if (!env.success) {
        deps.log.warn(
          { account: account.id, issue: env.error.issues[0]?.message },
          'vk webhook: malformed body',
        );
        return reply.code(400).type('text/plain').send('bad request');
      }
      const secrets = deps.secrets(account.id);
      const secret = secrets.callback_secret;
      if (secret !== undefined && env.data.secret !== secret) {
        deps.log.warn({ account: account.id }, 'vk webhook: wrong secret');
        return reply.code(403).type('text/plain').send('bad secret');
      }
      if (String(env.data.group_id) !== account.platform_ids.group_id) {
        deps.log.warn(
          { account: account.id, groupId: env.data.group_id },
          'vk webhook: group id does not match account',
        );
        return reply.code(403).type('text/plain').send('wrong group');
      }
      if (env.data.type === 'confirmation') {
        const confirmation = secrets.callback_confirmation;
        if (!confirmation)
          return reply.code(500).type('text/plain').send('confirmation string not configured');
        return reply.type('text/plain').send(confirmation);
      }
      const communityReply = deps.onCommunityReply && mapVkCommunityReply(account.id, env.data);
      if (communityReply) {
        try {
          await deps.onCommunityReply?.(communityReply);
        } catch (err) {
          deps.log.error(
            { err, account: account.id, eventId: env.data.event_id },
            'vk webhook: reply not recorded',
          );
          return reply.code(503).type('text/plain').send('retry later');
        }
      }
      const meaning = mapVkEvent(account.id, env.data, Date.now());
      if (meaning.type === 'comment') {
        try {
          await deps.intake.submit(meaning.comment);
        } catch (err) {
          if (err instanceof ZodError) {
            // Retrying cannot fix it; answering an error would make VK pause the whole callback server.
            deps.log.error(
              { account: account.id, eventId: env.data.event_id, issue: err.issues[0] },
              'vk webhook: comment refused',
            );
            return reply.type('text/plain').send('ok');
          }
          deps.log.error(
            { err, account: account.id, eventId: env.data.event_id },
            'vk webhook: could not queue',
          );
          return reply.code(503).type('text/plain').send('retry later');
        }
      }
      return reply.type('text/plain').send('ok');
    });
  };
}
