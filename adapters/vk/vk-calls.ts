import type { ActJob } from '../../queues/payloads.ts';
import { PlatformError } from '../platform-error.ts';
import type { VkParams as Params } from './vk-execute.ts';

/** One VK API call of an action: the method and its parameters. */
export interface VkCallSpec {
  readonly method: string;
  readonly params: Params;
}

/** groups.ban `reason`: 1 spam, 2 verbal abuse, 3 strong language, 0 other. */
const banReasonCode = (job: ActJob): number => {
  const r = job.reason.toLowerCase();
  if (r.includes('спам')) return 1;
  if (r.includes('нецензур') || r.includes('мат')) return 3;
  if (r.includes('оскорб')) return 2;
  return 0;
};

/** The delete method of the comment's kind; VK has none for the kinds other platforms use. */
export function deleteCall(job: ActJob, groupId: string): VkCallSpec {
  const c = job.comment;
  const owner = `-${groupId}`;
  switch (c.kind) {
    case 'wall_comment':
      return { method: 'wall.deleteComment', params: { owner_id: owner, comment_id: c.commentId } };
    case 'photo_comment':
      return { method: 'photos.deleteComment', params: { owner_id: owner, comment_id: c.commentId } };
    case 'video_comment':
      return { method: 'video.deleteComment', params: { owner_id: owner, comment_id: c.commentId } };
    case 'market_comment':
      return { method: 'market.deleteComment', params: { owner_id: owner, comment_id: c.commentId } };
    case 'board_comment':
      // board.deleteComment takes the POSITIVE group id, unlike the others.
      return {
        method: 'board.deleteComment',
        params: { group_id: groupId, topic_id: c.objectId, comment_id: c.commentId },
      };
    case 'user_post':
      return { method: 'wall.delete', params: { owner_id: owner, post_id: c.commentId } };
    case 'topic_comment':
    case 'page_comment':
    case 'media_comment':
    case 'live_comment':
    case 'message':
      throw new PlatformError('vk', 'kind', 'permanent', `VK cannot delete a ${c.kind}`);
  }
}

/** The restore method of the comment's kind; undefined when VK cannot bring it back. */
export function restoreCall(job: ActJob, groupId: string): VkCallSpec | undefined {
  const c = job.comment;
  const owner = `-${groupId}`;
  switch (c.kind) {
    case 'wall_comment':
      return { method: 'wall.restoreComment', params: { owner_id: owner, comment_id: c.commentId } };
    case 'photo_comment':
      return { method: 'photos.restoreComment', params: { owner_id: owner, comment_id: c.commentId } };
    case 'video_comment':
      return { method: 'video.restoreComment', params: { owner_id: owner, comment_id: c.commentId } };
    case 'market_comment':
      return { method: 'market.restoreComment', params: { owner_id: owner, comment_id: c.commentId } };
    case 'board_comment':
      return {
        method: 'board.restoreComment',
        params: { group_id: groupId, topic_id: c.objectId, comment_id: c.commentId },
      };
    case 'user_post':
      return { method: 'wall.restore', params: { owner_id: owner, post_id: c.commentId } };
    default:
      return undefined;
  }
}

/** `groups.ban` for the comment's author: `end_date` after the account's ban term, or permanent. */
export function banCall(job: ActJob, groupId: string, nowMs: number): VkCallSpec {
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
export function unbanCall(job: ActJob, groupId: string): VkCallSpec {
  return { method: 'groups.unban', params: { group_id: groupId, owner_id: job.comment.author.id } };
}
