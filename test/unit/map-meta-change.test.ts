import { describe, expect, it } from 'vitest';
import { mapFacebookChange } from '../../adapters/facebook/map-facebook-change.ts';
import { mapInstagramChange } from '../../adapters/instagram/map-instagram-change.ts';
import { entryChanges, MetaNotificationSchema } from '../../adapters/meta/meta-payload.ts';
import { accountSchema, type FacebookAccount, type InstagramAccount } from '../../config/accounts.ts';
import { facebookPayloads as fb, instagramPayloads as ig } from '../../emulators/graph-emulator.ts';

const PAGE = '1234567890321';
const IG = '17841405726653026';
const fbAccount = accountSchema.parse({
  id: 'fb',
  title: 't',
  platform: 'facebook',
  platform_ids: { page_id: PAGE },
  tokens: { access_token: 'A', app_secret: 'B', verify_token: 'C' },
}) as FacebookAccount;
const igAccount = accountSchema.parse({
  id: 'ig',
  title: 't',
  platform: 'instagram',
  platform_ids: { ig_user_id: IG },
  tokens: { access_token: 'A', app_secret: 'B', verify_token: 'C' },
}) as InstagramAccount;
const entry = (id: string) => ({ id, time: 1_700_000_000 });

describe('Facebook feed changes → moderation', () => {
  const map = (o: Parameters<typeof fb.comment>[0]) =>
    mapFacebookChange(fbAccount, entry(PAGE), fb.comment(o), 5);
  it.each([
    ['add', { verb: 'add', fromId: '5', message: 'x' }, 'comment'],
    ['edited', { verb: 'edited', fromId: '5', message: 'x' }, 'comment'],
    ['remove (echo of a delete)', { verb: 'remove', fromId: '5' }, 'tracked'],
    ['hide (echo of a hide)', { verb: 'hide', fromId: '5' }, 'tracked'],
    ['unhide', { verb: 'unhide', fromId: '5' }, 'tracked'],
    ["the Page's own comment", { verb: 'add', fromId: PAGE, message: 'x' }, 'ignored'],
    ['a reaction verb', { verb: 'block', fromId: '5' }, 'ignored'],
  ])('%s → %s', (_w, o, type) => {
    expect(map({ pageId: PAGE, commentId: '1_2', ...o }).type).toBe(type);
  });

  it('normalises ids, reply parent, permalink and ISO / unix times', () => {
    const m = map({
      pageId: PAGE,
      commentId: '901_903',
      fromId: '5',
      fromName: 'Ива',
      message: 'hi',
      parentId: '901_900',
    });
    expect(m).toMatchObject({
      type: 'comment',
      comment: {
        commentId: '901_903',
        objectId: `${PAGE}_901097836652708`,
        kind: 'page_comment',
        author: { id: '5', name: 'Ива' },
        createdAt: '2023-11-14T22:13:20.000Z',
        replyToId: '901_900',
        permalink: `https://www.facebook.com/${PAGE}/posts/901097836652708?comment_id=903`,
      },
    });
    const iso = mapFacebookChange(
      fbAccount,
      entry(PAGE),
      {
        field: 'feed',
        value: {
          item: 'comment',
          verb: 'add',
          comment_id: '1_2',
          post_id: `${PAGE}_1`,
          sender_id: 7,
          sender_name: 'Old',
          created_time: '2024-01-02T03:04:05+0000',
          message: 'm',
        },
      },
      5,
    );
    expect(iso).toMatchObject({
      comment: { author: { id: '7', name: 'Old' }, createdAt: '2024-01-02T03:04:05.000Z' },
    });
  });

  it('ignores other items and fields', () => {
    expect(
      mapFacebookChange(
        fbAccount,
        entry(PAGE),
        { field: 'feed', value: { item: 'reaction', verb: 'add' } },
        1,
      ).type,
    ).toBe('ignored');
    expect(mapFacebookChange(fbAccount, entry(PAGE), { field: 'mention', value: {} }, 1).type).toBe(
      'ignored',
    );
  });
});

describe('Instagram comment changes → moderation', () => {
  it.each([
    ['comments with value.id', ig.comment({ id: '1', fromId: '9', text: 't' }), 'media_comment', '1'],
    [
      'comments with value.comment_id',
      ig.comment({ id: '2', fromId: '9', text: 't', idField: 'comment_id' }),
      'media_comment',
      '2',
    ],
    ['live_comments', ig.comment({ id: '3', fromId: '9', text: 't', live: true }), 'live_comment', '3'],
  ])('%s', (_w, change, kind, id) => {
    expect(mapInstagramChange(igAccount, entry(IG), change, 1)).toMatchObject({
      type: 'comment',
      comment: { kind, commentId: id, objectId: '123123123', author: { id: '9', name: 'test' } },
    });
  });

  it.each([
    ['its own comment', ig.comment({ id: '1', fromId: IG, text: 't' })],
    ['mentions', { field: 'mentions', value: { media_id: '1' } }],
    ['a comment without id', { field: 'comments', value: { text: 't', media: { id: '1' } } }],
  ])('ignores %s', (_w, change) => {
    expect(mapInstagramChange(igAccount, entry(IG), change, 1).type).toBe('ignored');
  });

  it('reads both entry layouts', () => {
    const change = ig.comment({ id: '1', fromId: '9', text: 't' });
    const nested = MetaNotificationSchema.parse(ig.notification(IG, [change]));
    const flat = MetaNotificationSchema.parse(ig.flatNotification(IG, change));
    expect(entryChanges(nested.entry[0]!)).toEqual([change]);
    expect(entryChanges(flat.entry[0]!)).toEqual([change]);
  });
});
