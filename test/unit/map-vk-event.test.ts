import { describe, expect, it } from 'vitest';
import { mapVkEvent } from '../../adapters/vk/map-vk-event.ts';

const G = 42;
const comment = { id: 7, from_id: 123, date: 1_700_000_000, text: 'текст' };
const env = (type: string, object: Record<string, unknown>) => ({ type, group_id: G, event_id: 'e', object });

describe('VK events → moderation', () => {
  it.each([
    ['wall_reply_new', { post_id: 5, post_owner_id: -G }, 'wall_comment', '5', undefined],
    ['wall_reply_edit', { post_id: 5, post_owner_id: -G }, 'wall_comment', '5', 'edit'],
    ['photo_comment_new', { photo_id: 6, photo_owner_id: -G }, 'photo_comment', '6', undefined],
    ['photo_comment_edit', { photo_id: 6, photo_owner_id: -G }, 'photo_comment', '6', 'edit'],
    ['video_comment_new', { video_id: 8, video_owner_id: -G }, 'video_comment', '8', undefined],
    ['video_comment_edit', { video_id: 8, video_owner_id: -G }, 'video_comment', '8', 'edit'],
    ['board_post_new', { topic_id: 9, topic_owner_id: -G }, 'board_comment', '9', undefined],
    ['board_post_edit', { topic_id: 9, topic_owner_id: -G }, 'board_comment', '9', 'edit'],
    ['market_comment_new', { item_id: 10, market_owner_id: -G }, 'market_comment', '10', undefined],
    ['market_comment_edit', { item_id: 10, market_owner_id: -G }, 'market_comment', '10', 'edit'],
  ])('%s → %s on object %s', (type, extra, kind, objectId, edit) => {
    const m = mapVkEvent('acc', env(type, { ...comment, ...extra }), 1);
    expect(m.type).toBe('comment');
    if (m.type !== 'comment') return;
    expect(m.comment).toMatchObject({
      kind,
      objectId,
      commentId: '7',
      author: { id: '123' },
      ownerId: `-${G}`,
    });
    expect(m.comment.revision === undefined).toBe(edit === undefined);
  });

  it('an edit with new text is a new revision; the same text is the same revision', () => {
    const a = mapVkEvent('acc', env('wall_reply_edit', { ...comment, post_id: 1, text: 'a' }), 1);
    const b = mapVkEvent('acc', env('wall_reply_edit', { ...comment, post_id: 1, text: 'b' }), 1);
    const a2 = mapVkEvent('acc', env('wall_reply_edit', { ...comment, post_id: 1, text: 'a' }), 2);
    const rev = (m: typeof a) => (m.type === 'comment' ? m.comment.revision : '');
    expect(rev(a)).not.toBe(rev(b));
    expect(rev(a)).toBe(rev(a2));
  });

  it.each([
    ['a community reply', env('wall_reply_new', { ...comment, from_id: -G, post_id: 1 }), 'ignored'],
    [
      'a deletion event',
      env('wall_reply_delete', { owner_id: -G, id: 7, deleter_id: 1, post_id: 1 }),
      'ignored',
    ],
    ['a malformed comment', env('wall_reply_new', { id: 'x' }), 'ignored'],
    ['a message', env('message_new', { message: {} }), 'ignored'],
    [
      'a suggested community post',
      env('wall_post_new', { id: 3, from_id: -G, owner_id: -G, date: 1, text: '', post_type: 'suggest' }),
      'ignored',
    ],
    [
      'the community’s own post',
      env('wall_post_new', { id: 3, from_id: -G, owner_id: -G, date: 1, text: '', post_type: 'post' }),
      'account_post',
    ],
    [
      'a user’s post on the wall',
      env('wall_post_new', { id: 3, from_id: 5, owner_id: -G, date: 1, text: 'x', post_type: 'post' }),
      'comment',
    ],
  ])('%s → %s', (_what, e, type) => {
    expect(mapVkEvent('acc', e, 1).type).toBe(type);
  });
});
