import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment } from '../../core/comment.ts';
import { normalize } from '../../core/text/normalize.ts';
import { decodeEntry, RedisRepeatSignals } from '../../workers/repeat-signal.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `test-repeats-${process.pid}-${Date.now()}`;

function comment(id: string, text: string, author = 'u1', objectId = 'post1'): Comment {
  return {
    platform: 'vk',
    accountId: 'neryungri',
    commentId: id,
    objectId,
    ownerId: '-1',
    kind: 'wall_comment',
    author: { id: author, name: 'Тест' },
    text,
    createdAt: '2026-11-28T10:00:00+09:00',
    permalink: '',
    receivedAt: Date.now(),
  };
}

describe('RedisRepeatSignals (real Redis)', () => {
  let redis: Redis;
  let signals: RedisRepeatSignals;
  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    signals = new RedisRepeatSignals(redis, { prefix, windowSeconds: 60, historySize: 5, similarity: 0.8 });
  });
  afterAll(async () => {
    await deletePrefix(REDIS_URL, prefix);
    redis.disconnect();
  });

  const spam = 'Заработок от 5000 рублей в день, пиши в лс';

  it('counts near-identical texts by the same author across posts', async () => {
    expect(await signals.collect(comment('1', spam, 'u1', 'p1'))).toEqual({ repeatsByAuthor: 0 });
    expect(await signals.collect(comment('2', `${spam}!!! 🔥`, 'u1', 'p2'))).toEqual({ repeatsByAuthor: 1 });
    expect(await signals.collect(comment('3', spam.replace('5000', '6000'), 'u1', 'p3'))).toEqual({
      repeatsByAuthor: 2,
    });
  });

  it('does not count other authors, different texts, or a redelivery of the same comment', async () => {
    expect(await signals.collect(comment('4', spam, 'u2'))).toEqual({ repeatsByAuthor: 0 });
    expect(await signals.collect(comment('5', 'Когда починят дорогу на улице Ленина?', 'u1'))).toEqual({
      repeatsByAuthor: 0,
    });
    expect(await signals.collect(comment('3', spam.replace('5000', '6000'), 'u1', 'p3'))).toEqual({
      repeatsByAuthor: 2,
    });
  });

  it('bounds memory: keeps at most historySize entries per author, with a TTL', async () => {
    for (let i = 0; i < 8; i++)
      await signals.collect(comment(`b${i}`, `Разный текст номер ${i} про дорогу и снег`, 'u3'));
    const key = signals.keyFor({ platform: 'vk', author: { id: 'u3', name: '' } });
    expect(await redis.llen(key)).toBe(5);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('keeps the newest entry first, across batches and inside one batch', async () => {
    await signals.collect(comment('o1', 'Первый длинный комментарий про дорогу', 'u8'));
    const text = (i: number) => `Следующий комментарий номер ${i} про автобусы`;
    await signals.collectMany(
      [2, 3].map((i) => {
        const c = comment(`o${i}`, text(i), 'u8');
        return { comment: c, normalized: normalize(c.text) };
      }),
    );
    const key = signals.keyFor({ platform: 'vk', author: { id: 'u8', name: '' } });
    const ids = (await redis.lrange(key, 0, -1)).map((e) => decodeEntry(e)?.c);
    expect(ids).toEqual(['neryungri:o3', 'neryungri:o2', 'neryungri:o1']);
  });

  it('a history that cannot be read is not taken for an empty one (the signal is left out)', async () => {
    const key = signals.keyFor({ platform: 'vk', author: { id: 'u9', name: '' } });
    await redis.set(key, 'not a list');
    expect(await signals.collect(comment('w1', spam, 'u9'))).toEqual({});
  });

  it('counts repeats inside one batch too (a burst of the same advert arrives in one job)', async () => {
    const burst = ['b1', 'b2', 'b3'].map((id, i) => comment(id, `${spam} ${'!'.repeat(i)}`, 'u6', `p${i}`));
    const batch = [...burst, comment('b4', 'Спасибо!', 'u6'), comment('b5', spam, 'u7')];
    const got = await signals.collectMany(batch.map((c) => ({ comment: c, normalized: normalize(c.text) })));
    expect(got).toEqual([
      { repeatsByAuthor: 0 },
      { repeatsByAuthor: 1 },
      { repeatsByAuthor: 2 },
      { repeatsByAuthor: 0 },
      { repeatsByAuthor: 0 },
    ]);
    // The batch is remembered for the next one, newest first, once each.
    const key = signals.keyFor({ platform: 'vk', author: { id: 'u6', name: '' } });
    expect((await redis.lrange(key, 0, -1)).map((r) => decodeEntry(r)?.c)).toEqual([
      'neryungri:b3',
      'neryungri:b2',
      'neryungri:b1',
    ]);
    expect(await signals.collect(burst[0]!)).toEqual({ repeatsByAuthor: 2 });
  });

  it('ignores very short texts such as "спасибо"', async () => {
    await signals.collect(comment('s1', 'Спасибо!', 'u4'));
    expect(await signals.collect(comment('s2', 'Спасибо!', 'u4'))).toEqual({ repeatsByAuthor: 0 });
  });

  it('stores the trigram count of each text, and still compares entries stored before it was kept', async () => {
    const key = signals.keyFor(comment('x', '', 'u-sizes-9'));
    // An entry in the earlier format (no count), as a daemon upgraded in place finds it.
    await redis.lpush(
      key,
      JSON.stringify({ c: 'neryungri:old', s: 'заработок от 5000 рублей в день пиши в лс' }),
    );
    expect(await signals.collect(comment('n1', spam, 'u-sizes-9'))).toEqual({ repeatsByAuthor: 1 });
    // A much shorter and a much longer text of the same author are not taken for repeats of it.
    expect(await signals.collect(comment('n2', 'Заработок от 5000 рублей', 'u-sizes-9'))).toEqual({
      repeatsByAuthor: 0,
    });
    expect(
      await signals.collect(
        comment(
          'n3',
          `${spam}. Работа для студентов и пенсионеров, оплата каждый день на карту`,
          'u-sizes-9',
        ),
      ),
    ).toEqual({
      repeatsByAuthor: 0,
    });
    expect(await signals.collect(comment('n4', `${spam}!`, 'u-sizes-9'))).toEqual({ repeatsByAuthor: 2 });
    await new Promise((r) => setTimeout(r, 50)); // the history's write is not awaited
    const raw = await redis.lrange(key, 0, -1);
    // New entries in the compact form, the old one read as it was written.
    expect(raw.slice(0, 4).every((e) => !e.startsWith('{'))).toBe(true);
    const stored = raw.map((e) => decodeEntry(e));
    expect(stored.map((e) => e?.c)).toEqual([
      'neryungri:n4',
      'neryungri:n3',
      'neryungri:n2',
      'neryungri:n1',
      'neryungri:old',
    ]);
    expect(stored.slice(0, 4).every((e) => typeof e?.n === 'number' && e.n > 10)).toBe(true);
    expect(stored[4]?.n).toBeUndefined();
  });

  it('moderates without the signal when Redis is unreachable', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    dead.on('error', () => undefined);
    const s = new RedisRepeatSignals(dead, { prefix, windowSeconds: 60, historySize: 5, similarity: 0.8 });
    expect(await s.collect(comment('d1', spam, 'u5'))).toEqual({});
    dead.disconnect();
  });
});
