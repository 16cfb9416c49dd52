import type { Logger } from 'pino';
import {
  demoteRules,
  rateRules,
  type PrecisionLimits,
  type RulePrecision,
} from '../core/rules/rule-precision.ts';
import type { RuleSet } from '../core/rules/rule.ts';
import type { AuditStore } from './audit-store.ts';
import { ruleDecisionStats } from './report/report-queries.ts';

const DAY_MS = 86_400_000;

export interface RuleDemotionsOptions extends PrecisionLimits {
  readonly windowDays: number;
}

/**
 * Per-rule precision from moderators' decisions, kept fresh from the audit log: rules overturned
 * more often than allowed are logged, and those whose file says `auto_demote: true` are demoted
 * from `delete` to `review` in the rule set the moderate worker sees — until moderators' later
 * decisions bring the rate back under the limit.
 */
export class RuleDemotions {
  #over: readonly RulePrecision[] = [];
  #ids: ReadonlySet<string> = new Set();
  #cache: { base: RuleSet; key: string; result: RuleSet } | undefined;
  #refreshing: Promise<void> | undefined;

  constructor(
    private readonly store: AuditStore,
    private readonly opts: RuleDemotionsOptions,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Rules over the limit at the last refresh. */
  get overLimit(): readonly RulePrecision[] {
    return this.#over;
  }

  /** Recomputes the rates; concurrent calls share one query. Never throws (logs instead). */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    try {
      const end = this.now();
      const start = new Date(end.getTime() - this.opts.windowDays * DAY_MS);
      const stats = await ruleDecisionStats(this.store.db, {
        start: start.toISOString(),
        end: new Date(end.getTime() + 1).toISOString(),
      });
      const over = rateRules(stats, this.opts).filter((r) => r.overLimit);
      const before = this.#ids;
      this.#over = over;
      this.#ids = new Set(over.map((r) => r.ruleId));
      for (const r of over) {
        if (!before.has(r.ruleId)) {
          this.log.warn(
            { rule: r.ruleId, overturnRate: r.overturnRate, decided: r.decided, maxRate: this.opts.maxRate },
            'moderators overturn this rule too often',
          );
        }
      }
    } catch (err) {
      this.log.error({ err }, 'rule precision refresh failed; demotions unchanged');
    }
  }

  /** The rule set with the over-limit rules demoted where their file allows it. */
  apply(set: RuleSet): RuleSet {
    const key = [...this.#ids].sort().join(',');
    if (this.#cache?.base === set && this.#cache.key === key) return this.#cache.result;
    const result = demoteRules(set, this.#ids);
    if (result !== set && this.#cache?.key !== key) {
      const demoted = (set.demotable ?? []).filter((id) => this.#ids.has(id));
      this.log.warn({ rules: demoted, version: set.version }, 'rules demoted from delete to review');
    }
    this.#cache = { base: set, key, result };
    return result;
  }
}
