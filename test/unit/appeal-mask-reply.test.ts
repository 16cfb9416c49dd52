import { describe, expect, it } from 'vitest';
import {
  mapFacebookCommunityReply,
  mapInstagramCommunityReply,
} from '../../adapters/graph-community-reply.ts';
import { mapVkCommunityReply } from '../../adapters/vk/map-vk-reply.ts';
import { maskObscene } from '../../core/appeals/mask-obscene.ts';
import { evaluateText } from '../../core/engine.ts';
import { loadModelAssets } from '../../config/model-assets.ts';
import { loadRuleSet } from '../../config/rules-loader.ts';

const rules = await loadRuleSet('rules', await loadModelAssets('models'));

describe('masking мат in what officials see', () => {
  it.each([
    ['Какого хуя опять нет воды на Ленина', 'Какого х** опять нет воды на Ленина'],
    ['Бля, третий день без света, пиздец', 'Б**, третий день без света, п*****'],
    ['Дураки, когда дорогу почистите?', 'Дураки, когда дорогу почистите?'],
    ['Нет горячей воды', 'Нет горячей воды'],
    // Regressions: a stress accent on the last letter fell outside the span (and was masked with it);
    // a letter outside the BMP (𝐱, a look-alike) stayed visible, and the letter after it was kept.
    ['Бля\u0301, опять нет воды', 'Б**\u0301, опять нет воды'],
    ['𝐱уй вам, а не дорога', '𝐱** вам, а не дорога'],
  ])('%s → %s', (text, shown) => {
    const verdict = evaluateText(rules, text);
    expect(maskObscene(text, verdict.results)).toBe(shown);
  });

  it('a span takes in the combining marks of its last letter (a stress accent, a variation selector)', () => {
    for (const [text, word] of [
      ['Бля\u0301, опять нет воды', 'Бля\u0301'],
      ['хуй\uFE0F вам', 'хуй\uFE0F'],
    ] as const) {
      const hit = evaluateText(rules, text).results.find((r) => r.hit && r.category === 'obscene');
      expect(hit?.spans.map((s) => text.slice(s.start, s.end))).toEqual([word]);
    }
  });

  it('ignores spans of other categories, misses and spans past the end', () => {
    const text = 'плохое слово';
    expect(
      maskObscene(text, [
        { category: 'insult', hit: true, spans: [{ start: 0, end: 6 }] },
        { category: 'obscene', hit: false, spans: [{ start: 0, end: 6 }] },
        { category: 'obscene', hit: true, spans: [{ start: 7, end: 99 }] },
      ]),
    ).toBe('плохое с****');
  });
});

describe('community replies (answer detection)', () => {
  const env = (object: Record<string, unknown>, type = 'wall_reply_new') => ({ type, group_id: 42, object });
  const reply = {
    id: 900,
    from_id: -42,
    date: 1_771_574_400,
    text: 'Добрый день! Бригада выехала.',
    post_id: 7,
    owner_id: -42,
  };

  it.each([
    ['a community reply quoting the comment', env({ ...reply, reply_to_comment: 501 }), '501'],
    ['a community reply in a thread without quoting', env({ ...reply, parents_stack: [501] }), '501'],
    ['a photo comment reply', env({ ...reply, reply_to_comment: 12 }, 'photo_comment_new'), '12'],
    ['a citizen reply', env({ ...reply, from_id: 5, reply_to_comment: 501 }), null],
    ['another community replying', env({ ...reply, from_id: -43, reply_to_comment: 501 }), null],
    ['a top-level community comment', env({ ...reply }), null],
    ['an edit of a reply', env({ ...reply, reply_to_comment: 501 }, 'wall_reply_edit'), null],
    ['an event without its object', { ...env(reply), object: undefined }, null],
    ['an event whose object is not an object', { ...env(reply), object: 'x' }, null],
  ])('VK: %s', (_what, e, target) => {
    const r = mapVkCommunityReply('neryungri-vk', e);
    expect(r?.inReplyTo ?? null).toBe(target);
    if (r)
      expect(r).toMatchObject({
        platform: 'vk',
        replyId: '900',
        authorId: '-42',
        repliedAt: '2026-02-20T08:00:00.000Z',
      });
  });

  const at = new Date('2026-02-20T08:00:00Z');
  it('Facebook: the Page replying to a comment, not to the post', () => {
    const v = {
      item: 'comment',
      verb: 'add',
      comment_id: '1_2_3',
      parent_id: '1_2_1',
      post_id: '1_2',
      from: { id: 'PAGE' },
      message: 'Ответ',
      created_time: 1_771_574_400,
    };
    expect(mapFacebookCommunityReply('fb', 'PAGE', v, at)).toMatchObject({
      platform: 'facebook',
      inReplyTo: '1_2_1',
      replyId: '1_2_3',
    });
    expect(mapFacebookCommunityReply('fb', 'PAGE', { ...v, parent_id: '1_2' }, at)).toBeNull();
    // Regression: unix seconds as a digit string threw (Invalid time value) and failed the whole delivery.
    expect
      .soft(mapFacebookCommunityReply('fb', 'PAGE', { ...v, created_time: '1771574400' }, at)?.repliedAt)
      .toBe(new Date(1_771_574_400_000).toISOString());
    expect
      .soft(mapFacebookCommunityReply('fb', 'PAGE', { ...v, created_time: 'вчера' }, at)?.repliedAt)
      .toBe(at.toISOString());
    expect
      .soft(
        mapFacebookCommunityReply('fb', 'PAGE', { ...v, created_time: '2026-02-20T08:00:00+0000' }, at)
          ?.repliedAt,
      )
      .toBe('2026-02-20T08:00:00.000Z');
    expect(mapFacebookCommunityReply('fb', 'PAGE', { ...v, from: { id: 'USER' } }, at)).toBeNull();
  });

  it('Instagram: the business account replying to a comment', () => {
    const v = { id: '178', text: 'Ответ', parent_id: '177', from: { id: 'IG' } };
    expect(mapInstagramCommunityReply('ig', 'IG', v, at)).toMatchObject({
      platform: 'instagram',
      inReplyTo: '177',
      repliedAt: at.toISOString(),
    });
    expect(mapInstagramCommunityReply('ig', 'IG', { ...v, parent_id: undefined }, at)).toBeNull();
    expect(
      mapInstagramCommunityReply('ig', 'IG', { ...v, id: undefined, comment_id: '179' }, at)?.replyId,
    ).toBe('179');
    expect(mapInstagramCommunityReply('ig', 'IG', { ...v, from: { id: 'X' } }, at)).toBeNull();
  });
});
