import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createHash } from 'node:crypto';
import type { DecisionEvent, ModerationObserver } from '../workers/moderation-observer.ts';
import { RUN_ONCE_TTL_S } from '../workers/run-once.ts';
import { tgKey } from './redis-keys.ts';
import { localDay } from '../store/local-day.ts';
import { dayOf, weekDaysUpTo } from './view/time.ts';
import type { Counters } from './view/texts.ts';

const KEEP_DAYS_MS = 40 * 86_400_000;

/**
 * Daily counters for `/stats`, kept in Redis hashes (one per day in the configured time zone) and
 * fed by the pipeline's observer hooks, so they count whichever process moderated. A comment is
 * counted once per outcome even if its job is retried.
 */
export class ReviewStats {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly timeZone: string,
  ) {}

  /**
   * Adds one to each field of each day, once per `once` id: a moderate job run again after a crash
   * reports the same batch again. One id per batch, not per comment: per-comment ids were most of
   * the Redis commands per comment and, kept for days, a key per comment ever moderated.
   */
  async #bump(once: string, perDay: ReadonlyMap<string, ReadonlyMap<string, number>>): Promise<void> {
    const seen = await this.redis.set(
      tgKey(this.prefix, 'stats', 'seen', once),
      '1',
      'EX',
      RUN_ONCE_TTL_S,
      'NX',
    );
    if (seen !== 'OK') return;
    const m = this.redis.multi();
    for (const [day, fields] of perDay) {
      const key = tgKey(this.prefix, 'stats', day);
      for (const [f, n] of fields) m.hincrby(key, f, n);
      m.pexpire(key, KEEP_DAYS_MS);
    }
    await m.exec();
  }

  #count(events: readonly { at: number; fields: readonly string[] }[]): Map<string, Map<string, number>> {
    const perDay = new Map<string, Map<string, number>>();
    for (const e of events) {
      const day = localDay(new Date(e.at), this.timeZone);
      const fields = perDay.get(day) ?? new Map<string, number>();
      perDay.set(day, fields);
      for (const f of e.fields) fields.set(f, (fields.get(f) ?? 0) + 1);
    }
    return perDay;
  }

  /** The observer that feeds the counters; errors are logged, never allowed to stop moderation. */
  observer(log: Logger): ModerationObserver {
    const safe = (p: Promise<void>) =>
      p.catch((err: unknown) => log.warn({ err }, 'review stats: counter update failed'));
    const decisionFields = (e: DecisionEvent) => {
      const a = e.account.id;
      const metric = e.outcome === 'delete' ? 'auto_deleted' : e.outcome === 'review' ? 'to_review' : 'kept';
      const fields = ['seen', metric, `acct:${a}:seen`, `acct:${a}:${metric}`];
      for (const c of e.verdict.categories) fields.push(`cat:${c}`);
      return { at: e.decidedAt.getTime(), fields };
    };
    const batchId = (events: readonly DecisionEvent[]) =>
      createHash('sha1')
        .update(events.map((e) => e.key).join('\n'))
        .digest('base64url');
    return {
      onDecision: (e) => safe(this.#bump(`d:${e.key}`, this.#count([decisionFields(e)]))),
      onDecisions: (events) =>
        events.length === 0
          ? Promise.resolve()
          : safe(this.#bump(`b:${batchId(events)}`, this.#count(events.map(decisionFields)))),
      onReviewDecision: (e) =>
        safe(
          this.#bump(
            `r:${e.key}:${e.decidedAt.getTime()}`,
            this.#count([
              {
                at: e.decidedAt.getTime(),
                fields: ['decided', `decided:${e.decision}`, `acct:${e.comment.accountId}:decided`],
              },
            ]),
          ),
        ),
    };
  }

  /** Today's counters and this week's (Monday to today), in the configured time zone. */
  async read(now = Date.now()): Promise<{ today: Counters; week: Counters }> {
    const days = weekDaysUpTo(dayOf(now, this.timeZone));
    const m = this.redis.multi();
    for (const d of days) m.hgetall(tgKey(this.prefix, 'stats', d));
    const res = (await m.exec()) ?? [];
    const perDay = res.map(([, v]) => (v ?? {}) as Record<string, string>);
    const week: Record<string, number> = {};
    for (const h of perDay) for (const [k, v] of Object.entries(h)) week[k] = (week[k] ?? 0) + Number(v);
    const today = Object.fromEntries(Object.entries(perDay.at(-1) ?? {}).map(([k, v]) => [k, Number(v)]));
    return { today, week };
  }
}
