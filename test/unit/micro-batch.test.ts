import { describe, expect, it } from 'vitest';
import { MicroBatcher } from '../../lib/micro-batch.ts';

describe('MicroBatcher', () => {
  it('flushes items pushed in the same turn together, and each push resolves after its flush', async () => {
    const flushed: number[][] = [];
    const b = new MicroBatcher<number>(async (items) => void flushed.push(items), 100);
    await Promise.all([b.push(1), b.push(2), b.push(3)]);
    await b.push(4);
    expect(flushed).toEqual([[1, 2, 3], [4]]);
  });

  it('flushes at once when the batch is full', async () => {
    const flushed: number[][] = [];
    const b = new MicroBatcher<number>(async (items) => void flushed.push(items), 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => b.push(n)));
    expect(flushed).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects every push of a failed flush, and only those', async () => {
    let fail = true;
    const b = new MicroBatcher<number>(async () => {
      if (fail) throw new Error('redis down');
    });
    const first = [b.push(1), b.push(2)].map((p) =>
      p.then(
        () => 'ok',
        (e: Error) => e.message,
      ),
    );
    expect(await Promise.all(first)).toEqual(['redis down', 'redis down']);
    fail = false;
    await expect(b.push(3)).resolves.toBeUndefined();
  });

  it('rejects only the items a flush reports as failed', async () => {
    const b = new MicroBatcher<number>(async (items) =>
      items.map((n) => (n === 2 ? new Error('bad 2') : undefined)),
    );
    const got = await Promise.all(
      [1, 2, 3].map((n) =>
        b.push(n).then(
          () => 'ok',
          (e: Error) => e.message,
        ),
      ),
    );
    expect(got).toEqual(['ok', 'bad 2', 'ok']);
  });
});
