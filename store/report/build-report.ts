import type { Account } from '../../config/accounts.ts';
import { rateRules, type PrecisionLimits, type RuleDecisionStats } from '../../core/rules/rule-precision.ts';
import { dayRangeUtc } from '../local-day.ts';
import { buildAppeals, type AppealInputs } from './build-appeals.ts';
import { isoWeekOf, isoWeeks } from './iso-weeks.ts';
import { quantile } from './quantile.ts';
import type {
  CountsBy,
  InboundHealthView,
  ModerationCounts,
  ModerationReport,
  PostingReport,
  RegistryRow,
  Report,
} from './report-model.ts';

/** Clause 2.2: at least five posts a week on every official account. */
export const POSTS_PER_WEEK_TARGET = 5;

/** Audited comments of the period, grouped by everything the moderation report splits on. */
export interface AuditedGroup {
  readonly platform: string;
  readonly accountId: string;
  readonly category: string;
  readonly verdict: string;
  readonly outcome: string;
  readonly reviewDecision: string | null;
  readonly n: number;
}

export interface InboundHealthInput {
  readonly platform: string;
  /** '' for the platform's shared endpoint. */
  readonly accountId: string;
  readonly channel: string;
  readonly lastOkAt: string | null;
  readonly lastErrorAt: string | null;
  readonly lastError: string | null;
  readonly errorsSinceOk: number;
}

function inboundOf(i: ReportInputs, accountId: string, platform: string): InboundHealthView[] {
  return (i.inboundHealth ?? [])
    .filter((h) => h.platform === platform && (h.accountId === accountId || h.accountId === ''))
    .sort((a, b) => a.channel.localeCompare(b.channel) || a.accountId.localeCompare(b.accountId))
    .map((h) => ({
      channel: h.channel,
      shared: h.accountId === '',
      lastOkAt: h.lastOkAt,
      lastErrorAt: h.lastErrorAt,
      lastError: h.lastError,
      errorsSinceOk: h.errorsSinceOk,
      failing: h.lastErrorAt !== null && (h.lastOkAt === null || h.lastErrorAt > h.lastOkAt),
    }));
}

export interface KeptGroup {
  readonly platform: string;
  readonly accountId: string;
  readonly category: string;
  readonly n: number;
}

/** Everything the reports need, read from the audit store and the accounts file by the caller. */
export interface ReportInputs {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly generatedAt: Date;
  readonly accounts: readonly Account[];
  /** Environment, to tell whether each token variable is set (values are never read out). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly lastComments: readonly {
    readonly accountId: string;
    readonly platform: string;
    readonly at: string;
  }[];
  readonly audited: readonly AuditedGroup[];
  readonly kept: readonly KeptGroup[];
  readonly decisionDurationsMs: readonly number[];
  readonly ruleStats: readonly RuleDecisionStats[];
  readonly posts: readonly { readonly accountId: string; readonly publishedAt: string }[];
  readonly failedActions: number;
  readonly limits: PrecisionLimits;
  /** The platforms' own counts per account and ISO week (`report --count-posts`), when asked. */
  readonly platformPosts?: readonly {
    readonly accountId: string;
    readonly week: string;
    readonly posts: number;
  }[];
  /** Accounts whose platform could not be asked, and why. */
  readonly platformPostErrors?: readonly { readonly accountId: string; readonly error: string }[];
  /** What the adapters last reported about receiving (`audit_inbound_health`), when recorded. */
  readonly inboundHealth?: readonly InboundHealthInput[];
  /** Citizens' appeals (clause 3). */
  readonly appeals: AppealInputs;
}

const ZERO: ModerationCounts = {
  seen: 0,
  clean: 0,
  autoDeleted: 0,
  sentToReview: 0,
  humanDeleted: 0,
  humanKept: 0,
  awaitingReview: 0,
  shadowFlagged: 0,
};

function countsOfAudited(g: AuditedGroup): ModerationCounts {
  const n = g.n;
  const human = g.reviewDecision;
  return {
    ...ZERO,
    seen: n,
    autoDeleted: g.outcome === 'delete' ? n : 0,
    sentToReview: g.outcome === 'review' ? n : 0,
    humanDeleted: human === 'delete' || human === 'delete_and_ban' ? n : 0,
    humanKept: human === 'keep' ? n : 0,
    awaitingReview: g.outcome === 'review' && human === null ? n : 0,
    shadowFlagged: g.outcome === 'keep' && g.verdict !== 'keep' ? n : 0,
  };
}

const add = (a: ModerationCounts, b: ModerationCounts): ModerationCounts => ({
  seen: a.seen + b.seen,
  clean: a.clean + b.clean,
  autoDeleted: a.autoDeleted + b.autoDeleted,
  sentToReview: a.sentToReview + b.sentToReview,
  humanDeleted: a.humanDeleted + b.humanDeleted,
  humanKept: a.humanKept + b.humanKept,
  awaitingReview: a.awaitingReview + b.awaitingReview,
  shadowFlagged: a.shadowFlagged + b.shadowFlagged,
});

function groupBy(
  items: readonly { readonly key: string; readonly counts: ModerationCounts }[],
  order: readonly string[] = [],
): CountsBy[] {
  const m = new Map<string, ModerationCounts>();
  for (const it of items) m.set(it.key, add(m.get(it.key) ?? ZERO, it.counts));
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return [...m.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([key, counts]) => ({ key, counts }));
}

const CATEGORY_ORDER = ['obscene', 'insult', 'spam', 'unlawful', ''];
const PLATFORM_ORDER = ['vk', 'ok', 'facebook', 'instagram'];

function moderation(i: ReportInputs): ModerationReport {
  const items = [
    ...i.audited.map((g) => ({ g, counts: countsOfAudited(g) })),
    ...i.kept.map((g) => ({ g, counts: { ...ZERO, seen: g.n, clean: g.n } })),
  ];
  const total = items.reduce((acc, it) => add(acc, it.counts), ZERO);
  return {
    total,
    byCategory: groupBy(
      items.map((it) => ({ key: it.g.category, counts: it.counts })),
      CATEGORY_ORDER,
    ),
    byAccount: groupBy(items.map((it) => ({ key: it.g.accountId, counts: it.counts }))),
    byPlatform: groupBy(
      items.map((it) => ({ key: it.g.platform, counts: it.counts })),
      PLATFORM_ORDER,
    ),
    decisionTime: {
      decisions: i.decisionDurationsMs.length,
      medianMs: quantile(i.decisionDurationsMs, 0.5),
      p95Ms: quantile(i.decisionDurationsMs, 0.95),
    },
    rules: rateRules(i.ruleStats, i.limits),
    overturnLimit: i.limits,
    failedActions: i.failedActions,
  };
}

function tokensOf(a: Account): { role: string; variable: string }[] {
  const named: [string, string | undefined][] = Object.entries(a.tokens);
  if (a.platform === 'vk') {
    named.push(['callback_secret', a.callback.secret], ['callback_confirmation', a.callback.confirmation]);
  }
  return named.flatMap(([role, variable]) => (variable ? [{ role, variable }] : []));
}

function registry(i: ReportInputs): RegistryRow[] {
  const last = new Map<string, string>();
  for (const l of i.lastComments) if ((last.get(l.accountId) ?? '') < l.at) last.set(l.accountId, l.at);
  const rows: RegistryRow[] = i.accounts.map((a) => ({
    accountId: a.id,
    title: a.title,
    owner: a.owner ?? '',
    platform: a.platform,
    mode: a.mode,
    url: a.url ?? '',
    inRegistry: true,
    tokens: tokensOf(a).map((t) => ({ ...t, present: Boolean(i.env[t.variable]) })),
    lastCommentAt: last.get(a.id) ?? null,
    inbound: inboundOf(i, a.id, a.platform),
  }));
  const known = new Set(rows.map((r) => r.accountId));
  const strays = new Map<string, string>();
  for (const l of [...i.lastComments, ...i.audited, ...i.kept]) {
    if (!known.has(l.accountId)) strays.set(l.accountId, l.platform);
  }
  for (const [accountId, platform] of [...strays].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push({
      accountId,
      title: '',
      owner: '',
      platform,
      mode: '',
      url: '',
      inRegistry: false,
      tokens: [],
      lastCommentAt: last.get(accountId) ?? null,
      inbound: inboundOf(i, accountId, platform),
    });
  }
  return rows;
}

function posting(i: ReportInputs, accountIds: readonly string[]): PostingReport {
  const weeks = isoWeeks(i.from, i.to);
  const count = new Map<string, number>();
  for (const p of i.posts) {
    const k = `${p.accountId} ${isoWeekOf(p.publishedAt, i.timeZone)}`;
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const ids = [...new Set([...accountIds, ...i.posts.map((p) => p.accountId)])];
  const onPlatform = new Map((i.platformPosts ?? []).map((p) => [`${p.accountId} ${p.week}`, p.posts]));
  const counted = new Set((i.platformPosts ?? []).map((p) => p.accountId));
  const errors = new Map((i.platformPostErrors ?? []).map((e) => [e.accountId, e.error]));
  return {
    target: POSTS_PER_WEEK_TARGET,
    rows: ids.map((accountId) => {
      const fromPlatform = counted.has(accountId);
      const ws = weeks.map((w) => {
        const loggedPosts = count.get(`${accountId} ${w.week}`) ?? 0;
        const posts = fromPlatform ? (onPlatform.get(`${accountId} ${w.week}`) ?? 0) : loggedPosts;
        return {
          week: w.week,
          monday: w.monday,
          posts,
          loggedPosts,
          partial: !w.complete,
          belowTarget: w.complete && posts < POSTS_PER_WEEK_TARGET,
        };
      });
      const error = errors.get(accountId);
      return {
        accountId,
        source: fromPlatform ? ('platform' as const) : ('log' as const),
        ...(error === undefined ? {} : { platformError: error }),
        weeks: ws,
        total: ws.reduce((s, w) => s + w.posts, 0),
        weeksBelowTarget: ws.filter((w) => w.belowTarget).length,
      };
    }),
  };
}

/**
 * Builds the four reports (registry, posting activity, moderation, appeals) from what the store returned.
 * Pure: no I/O, so every number can be checked in a unit test.
 */
export function buildReport(i: ReportInputs): Report {
  const reg = registry(i);
  return {
    period: { from: i.from, to: i.to, timeZone: i.timeZone },
    generatedAt: i.generatedAt.toISOString(),
    registry: reg,
    posting: posting(
      i,
      reg.filter((r) => r.inRegistry).map((r) => r.accountId),
    ),
    moderation: moderation(i),
    appeals: buildAppeals(i.appeals, dayRangeUtc(i.from, i.to, i.timeZone)),
  };
}
