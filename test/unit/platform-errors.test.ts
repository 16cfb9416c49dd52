import { describe, expect, it } from 'vitest';
import { graphError, regainAccessMs } from '../../adapters/meta/graph-errors.ts';
import { okError } from '../../adapters/ok/ok-errors.ts';
import type { PlatformErrorKind } from '../../adapters/platform-error.ts';
import { vkError } from '../../adapters/vk/vk-errors.ts';

describe('VK error codes → queue behaviour', () => {
  it.each([
    [6, 'rate_limit', 1200],
    [9, 'rate_limit', 5000],
    [29, 'rate_limit', 5000],
    [1, 'transient', undefined],
    [10, 'transient', undefined],
    [5, 'permanent', undefined],
    [14, 'permanent', undefined],
    [15, 'permanent', undefined],
    [27, 'permanent', undefined],
    [100, 'permanent', undefined],
  ] as const)('%i → %s', (code, kind, wait) => {
    const e = vkError({ error_code: code, error_msg: 'x' }, 5000);
    expect([e.kind, e.retryAfterMs]).toEqual([kind, wait]);
  });
});

describe('Graph error codes → queue behaviour', () => {
  it.each<[number, { code?: number; error_subcode?: number } | undefined, PlatformErrorKind]>([
    [400, { code: 4 }, 'rate_limit'],
    [400, { code: 17 }, 'rate_limit'],
    [400, { code: 32 }, 'rate_limit'],
    [400, { code: 613 }, 'rate_limit'],
    [400, { code: 80001 }, 'rate_limit'],
    [400, { code: 190 }, 'permanent'],
    [400, { code: 200 }, 'permanent'],
    [400, { code: 100 }, 'permanent'],
    [400, { code: 100, error_subcode: 33 }, 'gone'],
    [400, { code: 2 }, 'transient'],
    [500, undefined, 'transient'],
    [503, { code: 1 }, 'transient'],
    [429, undefined, 'transient'],
  ])('HTTP %i %o → %s', (status, body, kind) => {
    expect(graphError('facebook', status, body, 1000).kind).toBe(kind);
  });

  it('reads the regain time from X-Business-Use-Case-Usage', () => {
    const h = JSON.stringify({
      '1': [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 3 }],
    });
    expect(regainAccessMs(h)).toBe(180_000);
    expect(regainAccessMs(JSON.stringify({ '1': [{ estimated_time_to_regain_access: 0 }] }))).toBeUndefined();
    expect(regainAccessMs('not json')).toBeUndefined();
    expect(regainAccessMs(null)).toBeUndefined();
  });
});

describe('OK error codes → queue behaviour', () => {
  it.each<[number, PlatformErrorKind]>([
    [104, 'permanent'],
    [100, 'permanent'],
    [102, 'permanent'],
    [8, 'rate_limit'],
    [11, 'rate_limit'],
    [1, 'transient'],
    [2, 'transient'],
    [300, 'gone'],
  ])('%i → %s', (code, kind) => {
    expect(okError({ error_code: code }).kind).toBe(kind);
  });
});
