import { describe, expect, it } from 'vitest';
import { bucketQuantile, bucketsSince, histogramBuckets } from '../../scripts/lib/prom-histogram.ts';

const text = `# HELP x_seconds a
x_seconds_bucket{le="0.01",platform="vk"} 10
x_seconds_bucket{le="0.1",platform="vk"} 90
x_seconds_bucket{le="1",platform="vk"} 100
x_seconds_bucket{le="+Inf",platform="vk"} 100
x_seconds_bucket{le="0.01",platform="ok"} 0
x_seconds_bucket{le="0.1",platform="ok"} 10
x_seconds_bucket{le="1",platform="ok"} 10
x_seconds_bucket{le="+Inf",platform="ok"} 10
x_seconds_sum{platform="vk"} 5
`;

describe('Prometheus histogram read-out (bench)', () => {
  const b = histogramBuckets(text, 'x_seconds');
  it('sums the label sets per bound', () => {
    expect([...b]).toEqual([
      [0.01, 10],
      [0.1, 100],
      [1, 110],
      [Infinity, 110],
    ]);
  });
  it.each([
    [0.05, 0.01 * (5.5 / 10)], // rank 5.5 inside the first bucket, from 0
    [0.5, 0.01 + (0.09 * (55 - 10)) / 90],
    [0.99, 0.1 + (0.9 * (108.9 - 100)) / 10],
  ])('quantile %f', (q, want) => expect(bucketQuantile(b, q)).toBeCloseTo(want, 9));
  it('subtracts an earlier snapshot; empty is NaN; +Inf gives the last finite bound', () => {
    expect(bucketQuantile(bucketsSince(b, b), 0.5)).toBeNaN();
    const inf = new Map([
      [1, 0],
      [Infinity, 4],
    ]);
    expect(bucketQuantile(inf, 0.5)).toBe(1);
  });
});
