import { describe, expect, it } from 'vitest';
import type { InboundHealthEvent } from '../../adapters/inbound-health.ts';
import { foldHealthEvents } from '../../store/inbound-health-fold.ts';

const at = (s: number) => new Date(Date.UTC(2026, 10, 29, 4, 0, s));
const ok = (s: number, accountId: string | null = 'a'): InboundHealthEvent => ({
  platform: 'vk',
  accountId,
  channel: 'webhook',
  ok: true,
  at: at(s),
});
const bad = (
  s: number,
  problem = '403 wrong secret',
  accountId: string | null = 'a',
): InboundHealthEvent => ({
  ...ok(s, accountId),
  ok: false,
  problem,
});
const iso = (s: number) => at(s).toISOString();

describe('foldHealthEvents', () => {
  it.each([
    [
      'one failure',
      [bad(1)],
      { lastErrorAt: iso(1), lastError: '403 wrong secret', errorsAfterOk: 1, resetsErrors: false },
    ],
    [
      'a flood of failures: one patch with the count and the latest',
      [bad(1), bad(2, 'x'), bad(3, 'y')],
      { lastErrorAt: iso(3), lastError: 'y', errorsAfterOk: 3, resetsErrors: false },
    ],
    ['a success only', [ok(1)], { lastOkAt: iso(1), errorsAfterOk: 0, resetsErrors: true }],
    [
      'failures then a success: recovered, the failure kept as history',
      [bad(1), bad(2), ok(3)],
      {
        lastOkAt: iso(3),
        lastErrorAt: iso(2),
        lastError: '403 wrong secret',
        errorsAfterOk: 0,
        resetsErrors: true,
      },
    ],
    [
      'a success then failures: counted from that success',
      [ok(1), bad(2), bad(3)],
      {
        lastOkAt: iso(1),
        lastErrorAt: iso(3),
        lastError: '403 wrong secret',
        errorsAfterOk: 2,
        resetsErrors: true,
      },
    ],
  ])('%s', (_name, events, want) => {
    expect(foldHealthEvents(events)).toEqual([
      { source: { platform: 'vk', account_id: 'a', channel: 'webhook' }, ...want },
    ]);
  });

  it('one patch per source, an unknown account as the empty id, problems cut to 500 characters', () => {
    const got = foldHealthEvents([bad(1, 'p'.repeat(900), null), ok(2, 'a'), bad(3, 'q', null)]);
    expect(got.map((p) => [p.source.account_id, p.errorsAfterOk, p.lastError?.length])).toEqual([
      ['', 2, 1],
      ['a', 0, undefined],
    ]);
    expect(foldHealthEvents([bad(1, 'p'.repeat(900))])[0]?.lastError).toHaveLength(500);
  });
});
