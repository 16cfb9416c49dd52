import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ModerationObserver } from '../workers/moderation-observer.ts';
import { tgKey } from './redis-keys.ts';
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

  async #bump(once: string, at: number, fields: readonly string[]): Promise<void> {
    const seen = await this.redis.set(
      tgKey(this.prefix, 'stats', 'seen', once),
      '1',
      'PX',
      8 * 86_400_000,
      'NX',
    );
    if (seen !== 'OK') return;
    const key = tgKey(this.prefix, 'stats', dayOf(at, this.timeZone));
    const m = this.redis.multi();
    for (const f of fields) m.hincrby(key, f, 1);
    m.pexpire(key, KEEP_DAYS_MS);
    await m.exec();
  }

  /** The observer that feeds the counters; errors are logged, never allowed to stop moderation. */
  observer(log: Logger): ModerationObserver {
    const safe = (p: Promise<void>) =>
      p.catch((err: unknown) => log.warn({ err }, 'review stats: counter update failed'));
    return {
      onDecision: (e) => {
        const a = e.account.id;
        const metric =
          e.outcome === 'delete' ? 'auto_deleted' : e.outcome === 'review' ? 'to_review' : 'kept';
        const fields = ['seen', metric, `acct:${a}:seen`, `acct:${a}:${metric}`];
        for (const c of e.verdict.categories) fields.push(`cat:${c}`);
        return safe(this.#bump(`d:${e.key}`, e.decidedAt.getTime(), fields));
      },
      onReviewDecision: (e) =>
        safe(
          this.#bump(`r:${e.key}:${e.decidedAt.getTime()}`, e.decidedAt.getTime(), [
            'decided',
            `decided:${e.decision}`,
            `acct:${e.comment.accountId}:decided`,
          ]),
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
