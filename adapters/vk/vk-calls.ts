import type { ActJob } from '../../queues/payloads.ts';
import { PlatformError } from '../platform-error.ts';
import type { CommentKind } from '../../core/comment.ts';
import type { VkApiCall } from './vk-execute.ts';

/** groups.ban `reason`: 1 spam, 2 verbal abuse, 3 strong language, 0 other. */
const banReasonCode = (job: ActJob): number => {
  const r = job.reason.toLowerCase();
  if (r.includes('спам')) return 1;
  if (r.includes('нецензур') || r.includes('мат')) return 3;
  if (r.includes('оскорб')) return 2;
  return 0;
};

/** The API section of each comment kind whose methods are `<section>.deleteComment` / `.restoreComment`. */
const COMMENT_SECTION: Partial<Record<CommentKind, string>> = {
  wall_comment: 'wall',
  photo_comment: 'photos',
  video_comment: 'video',
  market_comment: 'market',
};

/** The delete or restore call of the comment's kind; undefined when VK has none for it. */
function commentCall(job: ActJob, groupId: string, verb: 'delete' | 'restore'): VkApiCall | undefined {
  const c = job.comment;
  const owner = `-${groupId}`;
  // board.*Comment takes the POSITIVE group id, unlike the others.
  if (c.kind === 'board_comment')
    return {
      method: `board.${verb}Comment`,
      params: { group_id: groupId, topic_id: c.objectId, comment_id: c.commentId },
    };
  if (c.kind === 'user_post')
    return { method: `wall.${verb}`, params: { owner_id: owner, post_id: c.commentId } };
  const section = COMMENT_SECTION[c.kind];
  return section
    ? { method: `${section}.${verb}Comment`, params: { owner_id: owner, comment_id: c.commentId } }
    : undefined;
}

/** The delete method of the comment's kind; VK has none for the kinds other platforms use. */
export function deleteCall(job: ActJob, groupId: string): VkApiCall {
  const call = commentCall(job, groupId, 'delete');
  if (!call) throw new PlatformError('vk', 'kind', 'permanent', `VK cannot delete a ${job.comment.kind}`);
  return call;
}

/** The restore method of the comment's kind; undefined when VK cannot bring it back. */
export function restoreCall(job: ActJob, groupId: string): VkApiCall | undefined {
  return commentCall(job, groupId, 'restore');
}

/** `groups.ban` for the comment's author: `end_date` after the account's ban term, or permanent. */
export function banCall(job: ActJob, groupId: string, nowMs: number): VkApiCall {
  const endDate = job.banDays > 0 ? Math.floor(nowMs / 1000) + job.banDays * 86_400 : undefined;
  return {
    method: 'groups.ban',
    params: {
      group_id: groupId,
      owner_id: job.comment.author.id,
      end_date: endDate,
      reason: banReasonCode(job),
      comment: job.reason.slice(0, 400),
      comment_visible: 1,
    },
  };
}

/** `groups.unban`: the positive group id and the author (a user id, or −id for a community). */
export function unbanCall(job: ActJob, groupId: string): VkApiCall {
  return { method: 'groups.unban', params: { group_id: groupId, owner_id: job.comment.author.id } };
}
