import { describe, expect, it } from 'vitest';
import { LoadLinger, lingerForLoad } from '../../lib/load-linger.ts';

describe('lingerForLoad', () => {
  it.each([
    // utilisation, min, max, expected
    [0, 10, 40, 10],
    [0.5, 10, 40, 10],
    [0.6, 10, 40, 18],
    [0.7, 10, 40, 25],
    [0.8, 10, 40, 33],
    [0.9, 10, 40, 40],
    [1, 10, 40, 40],
    [0.95, 10, 10, 10],
    [0.95, 0, 0, 0],
    [Number.NaN, 10, 40, 10],
  ])('utilisation %s between %s and %s ms → %s ms', (u, min, max, want) => {
    expect(lingerForLoad(u, min, max)).toBe(want);
  });
});

/** A fake event loop: each step adds `busy` ms active and the rest of 100 ms idle. */
function fakeLoop() {
  const clock = { idle: 0, active: 0 };
  return {
    read: () => ({ ...clock }),
    run(busy: number) {
      clock.active += busy;
      clock.idle += 100 - busy;
    },
  };
}

describe('LoadLinger', () => {
  it('stays at the minimum while the loop is idle, climbs when it is busy, comes back when load drops', () => {
    const loop = fakeLoop();
    const linger = new LoadLinger(10, 40, 60_000, loop.read);
    try {
      loop.run(20);
      linger.sample();
      expect(linger.current()).toBe(10);
      for (let i = 0; i < 8; i++) {
        loop.run(98);
        linger.sample();
      }
      expect(linger.utilisation).toBeGreaterThan(0.9);
      expect(linger.current()).toBe(40);
      for (let i = 0; i < 8; i++) {
        loop.run(10);
        linger.sample();
      }
      expect(linger.current()).toBe(10);
    } finally {
      linger.stop();
    }
  });

  it('one busy sample among idle ones does not reach the maximum (smoothed)', () => {
    const loop = fakeLoop();
    const linger = new LoadLinger(10, 40, 60_000, loop.read);
    try {
      for (let i = 0; i < 4; i++) {
        loop.run(20);
        linger.sample();
      }
      loop.run(100);
      linger.sample();
      expect(linger.current()).toBeGreaterThan(10);
      expect(linger.current()).toBeLessThan(40);
    } finally {
      linger.stop();
    }
  });

  it('a sample with no time elapsed changes nothing', () => {
    const loop = fakeLoop();
    const linger = new LoadLinger(10, 40, 60_000, loop.read);
    linger.sample();
    expect(linger.utilisation).toBe(0);
    linger.stop();
  });

  it('refuses a maximum below the minimum', () => {
    expect(() => new LoadLinger(20, 10)).toThrow(RangeError);
  });
});
