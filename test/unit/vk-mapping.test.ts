import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapVkEvent } from '../../adapters/vk/map-vk-event.ts';
import { vkError } from '../../adapters/vk/vk-errors.ts';
import { VkEnvelopeSchema } from '../../adapters/vk/vk-event.ts';
import { CommentSchema } from '../../core/comment.ts';

const event = (name: string) =>
  VkEnvelopeSchema.parse(JSON.parse(readFileSync(`fixtures/vk/${name}.json`, 'utf8')));

describe('mapVkEvent', () => {
  it('maps a board post to a board comment with the topic as object', () => {
    const m = mapVkEvent('acc', event('board_post_new'), 1);
    expect(m.type).toBe('comment');
    if (m.type !== 'comment') return;
    const c = CommentSchema.parse(m.comment);
    expect(c).toMatchObject({ kind: 'board_comment', commentId: '5', objectId: '77', author: { id: '321' } });
    expect(c.permalink).toBe('https://vk.com/topic-42_77?post=5');
    expect(c.revision).toBeUndefined();
    expect(c.createdAt).toBe('2023-11-14T22:13:20.000Z');
  });

  it('gives an edit a revision derived from its text', () => {
    const m = mapVkEvent('acc', event('photo_comment_edit'), 1);
    if (m.type !== 'comment') throw new Error('not a comment');
    expect(m.comment.kind).toBe('photo_comment');
    expect(m.comment.revision).toMatch(/^e[0-9a-f]{10}$/);
    const again = mapVkEvent('acc', event('photo_comment_edit'), 2);
    expect(again.type === 'comment' && again.comment.revision).toBe(m.comment.revision);
  });

  it.each([['wall_reply_from_community', 'community reply']])('ignores %s', (name, why) => {
    expect(mapVkEvent('acc', event(name), 1)).toEqual({ type: 'ignored', why });
  });

  it('moderates a user post on the community wall', () => {
    const m = mapVkEvent('acc', event('wall_post_new_user'), 1);
    expect(m.type === 'comment' && m.comment.kind).toBe('user_post');
  });
});

describe('vkError', () => {
  it.each([
    [6, 'rate_limit'],
    [9, 'rate_limit'],
    [29, 'rate_limit'],
    [1, 'transient'],
    [10, 'transient'],
    [5, 'permanent'],
    [15, 'permanent'],
    [27, 'permanent'],
    [100, 'permanent'],
  ])('error %i is %s', (code, kind) => {
    expect(vkError({ error_code: code }).kind).toBe(kind);
  });
});
