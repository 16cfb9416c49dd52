import { describe, expect, it } from 'vitest';
import { reportInputs } from '../../fixtures/audit/report-inputs.ts';
import { buildReport } from '../../store/report/build-report.ts';
import { reportSections } from '../../store/report/report-tables.ts';

describe('buildReport', () => {
  const r = buildReport(reportInputs());

  it('adds up the moderation counts', () => {
    expect(r.moderation.total).toEqual({
      seen: 66,
      clean: 50,
      autoDeleted: 6,
      sentToReview: 6,
      humanDeleted: 3,
      humanKept: 2,
      awaitingReview: 1,
      shadowFlagged: 4,
    });
  });

  it.each([
    [
      'byCategory',
      [
        ['obscene', 6],
        ['insult', 5],
        ['spam', 5],
        ['', 50],
      ],
    ],
    [
      'byAccount',
      [
        ['adm-vk', 46],
        ['culture-vk', 16],
        ['old-ok', 4],
      ],
    ],
    [
      'byPlatform',
      [
        ['vk', 62],
        ['ok', 4],
      ],
    ],
  ] as const)('%s in a stable order', (by, want) => {
    expect(r.moderation[by].map((c) => [c.key, c.counts.seen])).toEqual(want);
  });

  it('gives the median and 95th percentile of the time to a human decision', () => {
    const t = r.moderation.decisionTime;
    expect([t.decisions, t.medianMs]).toEqual([5, 180_000]);
    // Position 0.95 × 4 = 3.8 between 240 000 and 3 600 000 ms.
    expect(t.p95Ms).toBeCloseTo(240_000 + 0.8 * 3_360_000);
  });

  it('marks the rules over the overturn limit', () => {
    expect(r.moderation.rules.map((x) => [x.ruleId, x.overturnRate, x.overLimit])).toEqual([
      ['insult.strong', 0.5, true],
      ['insult.weak', 0.25, false],
    ]);
    expect(r.moderation.failedActions).toBe(1);
  });

  it('lists the registry with token presence, last comment and accounts missing from the file', () => {
    expect(
      r.registry.map((a) => [
        a.accountId,
        a.inRegistry,
        a.tokens.filter((t) => !t.present).length,
        a.lastCommentAt,
      ]),
    ).toEqual([
      ['adm-vk', true, 0, '2026-03-15'],
      ['culture-vk', true, 2, null],
      ['old-ok', false, 0, '2026-03-03T00:00:00.000Z'],
    ]);
  });

  it('counts posts per ISO week on the district calendar and marks weeks below target', () => {
    const rows = r.posting.rows.map((p) => [
      p.accountId,
      p.weeks.map((w) => `${w.week}:${w.posts}${w.belowTarget ? '!' : ''}`),
      p.weeksBelowTarget,
    ]);
    // 14:30 UTC on Sunday 8 March is 23:30 in Yakutsk: still week 10.
    expect(rows).toEqual([
      ['adm-vk', ['2026-W10:5', '2026-W11:2!'], 1],
      ['culture-vk', ['2026-W10:1!', '2026-W11:0!'], 2],
    ]);
  });

  it('does not judge a week the period covers only in part', () => {
    const part = buildReport(reportInputs({ from: '2026-03-04', to: '2026-03-08' }));
    expect(part.posting.rows[1]?.weeks).toEqual([
      { week: '2026-W10', monday: '2026-03-02', posts: 1, loggedPosts: 1, partial: true, belowTarget: false },
    ]);
  });

  it("with the platforms' own counts (--count-posts) shows them, with what the log had beside", () => {
    const counted = buildReport(
      reportInputs({
        platformPosts: [
          { accountId: 'adm-vk', week: '2026-W10', posts: 6 },
          { accountId: 'adm-vk', week: '2026-W11', posts: 2 },
        ],
        platformPostErrors: [{ accountId: 'culture-vk', error: 'FIX_CULT_USER is not set' }],
      }),
    );
    const [adm, culture] = counted.posting.rows;
    expect(adm).toMatchObject({ source: 'platform', total: 8, weeksBelowTarget: 1 });
    expect(adm?.weeks.map((w) => [w.posts, w.loggedPosts])).toEqual([
      [6, 5],
      [2, 2],
    ]);
    // No answer from its platform: the log's figures, and why.
    expect(culture).toMatchObject({ source: 'log', platformError: 'FIX_CULT_USER is not set', total: 1 });
  });

  it('tells a failing receiver from a recovered one, and applies a shared endpoint to its platform', () => {
    const health = (over: object) => ({
      platform: 'vk',
      accountId: 'adm-vk',
      channel: 'webhook',
      lastOkAt: '2026-03-15T01:00:00.000Z',
      lastErrorAt: null,
      lastError: null,
      errorsSinceOk: 0,
      ...over,
    });
    const r2 = buildReport(
      reportInputs({
        inboundHealth: [
          health({ lastErrorAt: '2026-03-14T01:00:00.000Z', lastError: '503 could not queue' }),
          health({
            accountId: 'culture-vk',
            lastErrorAt: '2026-03-15T02:00:00.000Z',
            lastError: '403 wrong secret',
            errorsSinceOk: 3,
          }),
          health({ platform: 'ok', accountId: '', channel: 'poll' }),
        ],
      }),
    );
    const [adm, culture, old] = r2.registry;
    expect(adm?.inbound.map((h) => h.failing)).toEqual([false]);
    expect(culture?.inbound.map((h) => h.failing)).toEqual([true]);
    expect(old?.inbound).toMatchObject([{ shared: true, channel: 'poll' }]);
    const table = reportSections(r2)[0]!.tables[0]!;
    const cell = (i: number) => table.rows[i]!.at(-1);
    expect(cell(0)).toBe(
      'webhook: работал 15.03.2026 10:00; прежняя ошибка 14.03.2026 10:00: 503 could not queue',
    );
    expect(cell(1)).toBe(
      'webhook: ⚠ ошибка 15.03.2026 11:00: 403 wrong secret (подряд: 3); работал 15.03.2026 10:00',
    );
    expect(cell(2)).toBe('опрос (общий адрес платформы): работал 15.03.2026 10:00');
    expect(table.flagged).toContain(1);
    expect(reportSections(buildReport(reportInputs()))[0]!.tables[0]!.rows[0]!.at(-1)).toBe('нет сведений');
  });
});
