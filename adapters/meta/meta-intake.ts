import type { Logger } from 'pino';
import type { CommunityReplyInput } from '../../core/appeals/community-reply.ts';
import { CommentSchema, type CommentInput } from '../../core/comment.ts';
import type { CommentIntake } from '../../queues/comment-intake.ts';
import type { MetaHandled } from './meta-webhook.ts';
import { entryChanges, type MetaChange, type MetaEntry, type MetaNotification } from './meta-payload.ts';

/** What one webhook change means for moderation. */
export type MetaMeaning =
  | { readonly type: 'comment'; readonly comment: CommentInput }
  /** The platform reports a removal / hiding (often the echo of our own action): noted, not moderated. */
  | { readonly type: 'tracked'; readonly verb: string; readonly commentId: string }
  | { readonly type: 'ignored'; readonly why: string };

export interface MetaIntakeDeps<A> {
  readonly intake: CommentIntake;
  readonly log: Logger;
  /** The account an entry belongs to (by Page id / Instagram user id). */
  readonly accountFor: (entryId: string) => A | undefined;
  readonly accountId: (account: A) => string;
  readonly map: (account: A, entry: MetaEntry, change: MetaChange, receivedAt: number) => MetaMeaning;
  /** The account's own reply to a comment in this change, if it is one (answer detection for appeals). */
  readonly communityReply?: (account: A, change: MetaChange, receivedAt: Date) => CommunityReplyInput | null;
  readonly onCommunityReply?: (reply: CommunityReplyInput) => Promise<void>;
}

/**
 * Maps every change of every entry of a verified notification and queues all comments in one round
 * trip. Answers 200 only once they are in Redis; 503 when Redis fails (Meta redelivers); 404 when no
 * entry belongs to a configured account. Entries for unknown accounts in a mixed batch are logged
 * and skipped.
 */
export async function ingestMetaNotification<A>(
  deps: MetaIntakeDeps<A>,
  platform: string,
  n: MetaNotification,
): Promise<MetaHandled> {
  const receivedAt = Date.now();
  const comments: CommentInput[] = [];
  const replies: CommunityReplyInput[] = [];
  let known = 0;
  for (const entry of n.entry) {
    const account = deps.accountFor(entry.id);
    if (!account) {
      deps.log.warn({ platform, entryId: entry.id }, 'webhook entry for an unknown account');
      continue;
    }
    known++;
    const accountId = deps.accountId(account);
    for (const change of entryChanges(entry)) {
      let m: MetaMeaning | { type: 'reply'; reply: CommunityReplyInput };
      try {
        const reply = deps.onCommunityReply
          ? deps.communityReply?.(account, change, new Date(receivedAt))
          : null;
        m = reply ? { type: 'reply', reply } : deps.map(account, entry, change, receivedAt);
      } catch (err) {
        // One change the mappers cannot read must not fail the delivery's other comments (a 500 would
        // make Meta send them all again, and fail again, until it gives up).
        deps.log.error(
          { err, platform, account: accountId, field: change.field },
          'change could not be read',
        );
        continue;
      }
      if (m.type === 'reply') {
        replies.push(m.reply);
        continue;
      }
      if (m.type === 'comment') {
        const ok = CommentSchema.safeParse(m.comment);
        if (ok.success) comments.push(m.comment);
        else deps.log.error({ platform, account: accountId, issue: ok.error.issues[0] }, 'comment refused');
      } else if (m.type === 'tracked') {
        deps.log.info(
          { platform, account: accountId, verb: m.verb, commentId: m.commentId },
          'platform reports',
        );
      } else {
        deps.log.debug({ platform, account: accountId, field: change.field, why: m.why }, 'change ignored');
      }
    }
  }
  if (known === 0) return { status: 404, text: 'unknown account' };
  try {
    await deps.intake.submitMany(comments);
    for (const r of replies) await deps.onCommunityReply?.(r);
  } catch (err) {
    deps.log.error({ err, platform, comments: comments.length }, 'webhook: could not queue');
    return { status: 503, text: 'retry later' };
  }
  return { status: 200, text: 'EVENT_RECEIVED' };
}
