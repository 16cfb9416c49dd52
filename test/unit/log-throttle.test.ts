import { describe, expect, it } from 'vitest';
import { LogThrottle } from '../../lib/log-throttle.ts';

describe('LogThrottle', () => {
  it('writes the first line, leaves out repeats within the interval, then writes one with their count', () => {
    let t = 0;
    const th = new LogThrottle(1000, 10, () => t);
    const seen: [number, boolean, number][] = [];
    for (const at of [0, 10, 500, 999, 1000, 1001, 2500]) {
      t = at;
      const a = th.admit('wrong secret|nr-vk');
      seen.push([at, a.write, a.suppressed]);
    }
    expect(seen).toEqual([
      [0, true, 0],
      [10, false, 1],
      [500, false, 2],
      [999, false, 3],
      [1000, true, 3],
      [1001, false, 1],
      [2500, true, 1],
    ]);
  });

  it('kinds are throttled separately', () => {
    const th = new LogThrottle(1000, 10, () => 0);
    expect([th.admit('a').write, th.admit('b').write, th.admit('a').write]).toEqual([true, true, false]);
  });

  it('memory stays bounded: past maxKinds the kinds are forgotten', () => {
    const th = new LogThrottle(1000, 3, () => 0);
    for (const k of ['a', 'b', 'c']) th.admit(k);
    expect(th.admit('a').write).toBe(false);
    expect(th.admit('d').write).toBe(true);
    expect(th.admit('a').write).toBe(true);
  });
});
