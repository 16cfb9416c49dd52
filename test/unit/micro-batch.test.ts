import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { MicroBatcher, ResultBatcher, type Settled } from '../../lib/micro-batch.ts';

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

describe('ResultBatcher', () => {
  const outcome = (p: Promise<unknown>) =>
    p.then(
      (v) => ({ v }),
      (e: Error) => ({ e: e.message }),
    );

  it('gives each push the result or the error of its own item, in order', async () => {
    const flushed: number[][] = [];
    const b = new ResultBatcher<number, string>(async (items) => {
      flushed.push(items);
      return items.map((n): Settled<string> =>
        n % 2 ? { ok: true, value: `r${n}` } : { ok: false, error: new Error(`e${n}`) },
      );
    }, 3);
    const got = await Promise.all([1, 2, 3, 4, 5].map((n) => outcome(b.push(n))));
    expect(got).toEqual([{ v: 'r1' }, { e: 'e2' }, { v: 'r3' }, { e: 'e4' }, { v: 'r5' }]);
    expect(flushed).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('a flush that throws (even synchronously) rejects every item of its batch', async () => {
    const b = new ResultBatcher<number, number>((): Promise<readonly Settled<number>[]> => {
      throw new Error('boom');
    });
    expect(await Promise.all([outcome(b.push(1)), outcome(b.push(2))])).toEqual([
      { e: 'boom' },
      { e: 'boom' },
    ]);
  });

  it('an item the flush gave no result for is rejected, not left hanging', async () => {
    const b = new ResultBatcher<number, number>(async () => [{ ok: true, value: 7 }]);
    const got = await Promise.all([outcome(b.push(1)), outcome(b.push(2))]);
    expect(got[0]).toEqual({ v: 7 });
    expect(got[1]).toMatchObject({ e: expect.stringContaining('1 results for 2 items') });
  });

  it('refuses a batch size below one', () => {
    expect(() => new ResultBatcher<number, number>(async () => [], 0)).toThrow(RangeError);
  });
});

describe('MicroBatcher linger', () => {
  it('holds a batch for lingerMs after its first item, then flushes everything that came', async () => {
    const flushed: { items: number[]; at: number }[] = [];
    const t0 = performance.now();
    const b = new MicroBatcher<number>(
      async (items) => void flushed.push({ items, at: performance.now() - t0 }),
      100,
      30,
    );
    const first = b.push(1);
    await new Promise((r) => setTimeout(r, 10));
    const second = b.push(2);
    await Promise.all([first, second]);
    expect(flushed.map((f) => f.items)).toEqual([[1, 2]]);
    expect(flushed[0]!.at).toBeGreaterThanOrEqual(25);
  });

  it('a full batch goes at once, and its timer does not cut the next batch short', async () => {
    const flushed: number[][] = [];
    const b = new MicroBatcher<number>(async (items) => void flushed.push(items), 2, 40);
    await Promise.all([b.push(1), b.push(2)]);
    expect(flushed).toEqual([[1, 2]]);
    // Had the full batch left its timer running, it would fire 20 ms into the next batch.
    await new Promise((r) => setTimeout(r, 20));
    const t = performance.now();
    await b.push(3);
    expect(performance.now() - t).toBeGreaterThanOrEqual(35);
    expect(flushed).toEqual([[1, 2], [3]]);
  });

  it('asks a linger function once per batch, when the batch starts', async () => {
    const asked: number[] = [];
    const lingers = [30, 0];
    const flushed: number[][] = [];
    const b = new MicroBatcher<number>(
      async (items) => void flushed.push(items),
      100,
      () => {
        asked.push(flushed.length);
        return lingers[asked.length - 1] ?? 0;
      },
    );
    const first = b.push(1);
    await new Promise((r) => setTimeout(r, 10));
    await Promise.all([first, b.push(2)]);
    await Promise.all([b.push(3), b.push(4)]);
    // 30 ms for the first batch gathered 2, which came 10 ms later; 0 for the second.
    expect(flushed).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(asked).toEqual([0, 1]);
  });

  it('flushNow sends the batch being filled without waiting for its linger', async () => {
    const flushed: number[][] = [];
    const b = new MicroBatcher<number>(async (items) => void flushed.push(items), 100, 60_000);
    const pushed = Promise.all([b.push(1), b.push(2)]);
    void b.flushNow();
    await pushed;
    expect(flushed).toEqual([[1, 2]]);
    void b.flushNow(); // nothing waiting: no empty flush
    expect(flushed).toHaveLength(1);
  });

  it('refuses a negative linger', () => {
    expect(() => new MicroBatcher<number>(async () => undefined, 10, -1)).toThrow(RangeError);
  });
});

describe('MicroBatcher lull', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** `senders` callers that each wait for their item's flush before pushing the next, `rounds` times. */
  async function closedLoop(b: MicroBatcher<number>, senders: number, rounds: number): Promise<number> {
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: senders }, async (_, s) => {
        for (let r = 0; r < rounds; r++) await b.push(r * senders + s);
      }),
    );
    return performance.now() - t0;
  }

  it.each([
    { lullGaps: 6, fast: true },
    { lullGaps: 0, fast: false },
  ])(
    'senders that wait for their answers are not held for the whole linger (lullGaps $lullGaps)',
    async ({ lullGaps, fast }) => {
      const flushed: number[][] = [];
      const b = new MicroBatcher<number>(async (items) => void flushed.push(items), 1000, 100, lullGaps);
      // The first rounds teach the batcher the gaps between arrivals; the lull is unknown until then.
      await closedLoop(b, 20, 2);
      const ms = await closedLoop(b, 20, 10);
      // Ten rounds at a 100-ms linger take ≥ 1 s; ended by the lull, each takes a few ms.
      if (fast) expect(ms).toBeLessThan(400);
      else expect(ms).toBeGreaterThanOrEqual(990);
      // Every round's 20 items still went together.
      expect(flushed.slice(-10).map((f) => f.length)).toEqual(Array.from({ length: 10 }, () => 20));
    },
  );

  it('a steady stream is not cut into small batches: the lull follows the gaps between arrivals', async () => {
    const flushed: number[][] = [];
    const b = new MicroBatcher<number>(async (items) => void flushed.push(items), 1000, 100, 6);
    const pushed: Promise<void>[] = [];
    // An item every 5 ms for 0.6 s: a lull of 6 mean gaps is about 30 ms, never reached.
    for (let i = 0; i < 120; i++) {
      pushed.push(b.push(i));
      await sleep(5);
    }
    await Promise.all(pushed);
    const sizes = flushed.map((f) => f.length);
    // A 100-ms linger holds about 16 items (5 ms apart on an idle loop, a little more on a busy one).
    expect(sizes.reduce((a, n) => a + n, 0)).toBe(120);
    expect(Math.min(...sizes.slice(0, -1))).toBeGreaterThanOrEqual(8);
  });

  // Regression: quiet was measured by the clock, so a loop busy past the lull (rules running) found
  // "no arrivals" — the comments were waiting unread — and cut every batch: a busy process lost the
  // long linger it had chosen to save CPU (40 ms behaved like 10).
  it('a busy event loop is not taken for quiet senders: batches keep their linger', async () => {
    const flushed: number[][] = [];
    const b = new MicroBatcher<number>(async (items) => void flushed.push(items), 1000, 60, 6);
    // Items come as I/O (datagrams), read in the poll phase — after the timers a busy stretch delayed.
    const rx = dgram.createSocket('udp4');
    const tx = dgram.createSocket('udp4');
    const pushed: Promise<void>[] = [];
    rx.on('message', (m) => pushed.push(b.push(Number(m.toString()))));
    await new Promise<void>((r) => rx.bind(0, '127.0.0.1', () => r()));
    const port = rx.address().port;
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const load = setInterval(() => setImmediate(() => busy(6)), 8);
    let i = 0;
    // About 3,000 a second: the lull is then its 2-ms floor, well inside a 6-ms busy stretch.
    const stream = setInterval(() => {
      for (let k = 0; k < 3; k++) tx.send(String(i++), port, '127.0.0.1');
    }, 1);
    await sleep(900);
    clearInterval(stream);
    clearInterval(load);
    await sleep(100);
    rx.close();
    tx.close();
    await Promise.all(pushed);
    const sizes = flushed.map((f) => f.length);
    const mean = sizes.reduce((a, n) => a + n, 0) / sizes.length;
    // The 60-ms linger gathered about 60 a batch here; cut at every busy stretch, batches held about 9.
    expect(mean).toBeGreaterThanOrEqual(25);
  });

  it('refuses a negative lull', () => {
    expect(() => new MicroBatcher<number>(async () => undefined, 10, 10, -1)).toThrow(RangeError);
  });
});
