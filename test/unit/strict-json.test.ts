import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../../http/strict-json.ts';

describe('nestsDeeperThan', () => {
  it.each([
    ['{}', 1, false],
    ['{"a":{}}', 1, true],
    ['{"a":{}}', 2, false],
    ['[[[]]]', 2, true],
    ['{"a":"[[[[[[[["}', 1, false],
    ['{"a":"\\"[[[["}', 1, false],
    ['[{},{},{}]', 2, false],
  ])('%s with max %i → %s', (text, max, want) => {
    expect(nestsDeeperThan(text, max)).toBe(want);
  });
});
