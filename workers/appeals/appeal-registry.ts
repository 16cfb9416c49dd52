import type { Redis } from 'ioredis';
import {
  applyAppealAction,
  AppealRecordSchema,
  isWaiting,
  type AppealAction,
  type AppealEvent,
  type AppealRecord,
  type AppealTransition,
} from '../../core/appeals/appeal-record.ts';
import {
  CommunityReplySchema,
  type CommunityReply,
  type CommunityReplyInput,
} from '../../core/appeals/community-reply.ts';
import { appealIdOf } from '../../core/appeals/draft-appeal.ts';
import { appealKeys, type AppealKeys } from './appeal-keys.ts';

// Compare-and-set of one appeal and all its indexes, plus the outbox event, in one atomic step.
// KEYS: record, due, remind, waiting, waiting-in-new-dept, waiting-in-old-dept, events, and for an
//       open the early-reply key
// ARGV: expected rev ('' = must not exist), new rev, json, id, waiting (1/0), due score or '',
//       remind score or '', waiting score, event type, event json, stream max length
// Answers {1 if committed else 0, the early reply or nil, the record's json when an open found one}:
// an open learns in the same round trip whether a reply came first and what was there before it.
const COMMIT = `
local early = false
if KEYS[8] then early = redis.call('GET', KEYS[8]) end
local cur = redis.call('HGET', KEYS[1], 'rev')
if ARGV[1] == '' then
  if cur then return {0, early, redis.call('HGET', KEYS[1], 'json')} end
elseif cur ~= ARGV[1] then
  return {0, early}
end
redis.call('HSET', KEYS[1], 'rev', ARGV[2], 'json', ARGV[3])
redis.call('ZREM', KEYS[6], ARGV[4])
if ARGV[5] == '1' then
  redis.call('ZADD', KEYS[4], ARGV[8], ARGV[4])
  redis.call('ZADD', KEYS[5], ARGV[8], ARGV[4])
else
  redis.call('ZREM', KEYS[4], ARGV[4])
  redis.call('ZREM', KEYS[5], ARGV[4])
end
if ARGV[6] ~= '' then redis.call('ZADD', KEYS[2], ARGV[6], ARGV[4]) else redis.call('ZREM', KEYS[2], ARGV[4]) end
if ARGV[7] ~= '' then redis.call('ZADD', KEYS[3], ARGV[7], ARGV[4]) else redis.call('ZREM', KEYS[3], ARGV[4]) end
redis.call('XADD', KEYS[7], 'MAXLEN', '~', ARGV[11], '*', 'type', ARGV[9], 'event', ARGV[10])
return {1, early}
`;

/** An action on an appeal the registry does not hold. */
export interface UnknownAppeal {
  readonly ok: false;
  readonly refused: 'unknown';
  readonly id: string;
}

/** The appeal changed since the official looked at it (a button drawn at an older revision). */
export interface ChangedAppeal {
  readonly ok: false;
  readonly refused: 'changed';
  readonly revision: number;
}

export type RegistryResult = AppealTransition | UnknownAppeal | ChangedAppeal;

export interface AppealRegistryOptions {
  /** Events kept in the outbox stream (approximate trim). */
  readonly eventsMaxLen?: number;
  /** Compare-and-set attempts before giving up under contention. */
  readonly maxAttempts?: number;
}

// How long a reply waits for the appeal it answers to be registered: the moderate job normally runs
// within seconds, but it is retried through Redis or worker outages.
const EARLY_REPLY_TTL_S = 24 * 3600;

const parseJson = (raw: string): unknown => {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
};

const answerBy = (reply: CommunityReply): AppealAction => ({
  type: 'answer',
  at: new Date(reply.repliedAt),
  by: { kind: 'platform', replyId: reply.replyId, authorId: reply.authorId },
  note: reply.text.slice(0, 2000),
});

/** A change kept losing the compare-and-set race (should not happen outside a storm of clicks). */
export class AppealConflictError extends Error {
  constructor(readonly id: string) {
    super(`appeal ${id} changed concurrently too many times`);
    this.name = 'AppealConflictError';
  }
}

/**
 * The appeals register on Redis: one record per comment (`platform:account:comment`), its indexes
 * (waiting by deadline, per department, due for escalation, due for reminder) and an outbox stream of
 * events, all changed together by one Lua compare-and-set. The rules of what may change live in the
 * pure `applyAppealAction`; this class only reads, applies and commits.
 */
export class AppealRegistry {
  readonly keys: AppealKeys;
  readonly #maxLen: number;
  readonly #attempts: number;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    opts: AppealRegistryOptions = {},
  ) {
    this.keys = appealKeys(prefix);
    this.#maxLen = opts.eventsMaxLen ?? 100_000;
    this.#attempts = opts.maxAttempts ?? 20;
  }

  /** The appeal, or `undefined`. Validated on the way out of Redis. */
  async get(id: string): Promise<AppealRecord | undefined> {
    const raw = await this.redis.hget(this.keys.record(id), 'json');
    return raw === null ? undefined : AppealRecordSchema.parse(JSON.parse(raw));
  }

  /**
   * Registers a new appeal. Idempotent: if the comment already has an appeal (a redelivery, a retried
   * job, an edit), that one is returned unchanged with `created: false`.
   */
  async open(record: AppealRecord): Promise<{ readonly appeal: AppealRecord; readonly created: boolean }> {
    const valid = AppealRecordSchema.parse(record);
    const event: AppealEvent = { type: 'opened', appeal: valid, at: valid.openedAt };
    const earlyKey = this.keys.earlyReply(valid.id);
    const { committed, earlyReply, existing } = await this.#commit(valid, '', undefined, event, earlyKey);
    // Also on a repeated open: the retried job of an open whose first try failed right here.
    if (earlyReply !== undefined) {
      const parsed = CommunityReplySchema.safeParse(parseJson(earlyReply));
      if (parsed.success) await this.act(valid.id, answerBy(parsed.data));
      await this.redis.del(earlyKey);
    }
    if (committed) return { appeal: valid, created: true };
    if (existing === undefined) throw new AppealConflictError(valid.id);
    // The early reply (if any) was applied after the record was read: read it again then.
    const appeal =
      earlyReply === undefined ? AppealRecordSchema.parse(JSON.parse(existing)) : await this.get(valid.id);
    if (!appeal) throw new AppealConflictError(valid.id);
    return { appeal, created: false };
  }

  /**
   * Applies an action (button, platform reply, clock) with compare-and-set; retries on a race. With
   * `expectedRevision`, the action applies only to that revision (a choice made on what the official
   * saw: two officials transferring at once move the appeal once).
   */
  async act(id: string, action: AppealAction, expectedRevision?: number): Promise<RegistryResult> {
    for (let i = 0; i < this.#attempts; i++) {
      const current = await this.get(id);
      if (!current) return { ok: false, refused: 'unknown', id };
      if (expectedRevision !== undefined && current.revision !== expectedRevision)
        return { ok: false, refused: 'changed', revision: current.revision };
      const t = applyAppealAction(current, action);
      if (!t.ok) return t;
      const { committed } = await this.#commit(
        t.record,
        String(current.revision),
        current.department,
        t.event,
      );
      if (committed) return t;
    }
    throw new AppealConflictError(id);
  }

  /**
   * Answer detection: the community replied on the platform to a comment; its appeal (if any, and if
   * still waiting) becomes answered at the reply's time. A reply can be read before its appeal is
   * registered (OK polling reads a question and its answer in one page; a webhook can overtake the
   * moderate job): it is then kept for a day, and `open` applies it. Recording a reply twice changes
   * nothing the second time (the appeal is already answered).
   */
  async recordCommunityReply(input: CommunityReplyInput): Promise<RegistryResult> {
    const reply = CommunityReplySchema.parse(input);
    const id = appealIdOf({
      platform: reply.platform,
      accountId: reply.accountId,
      commentId: reply.inReplyTo,
    });
    const first = await this.act(id, answerBy(reply));
    if (first.ok || first.refused !== 'unknown') return first;
    const key = this.keys.earlyReply(id);
    // NX: of several early replies the first (the earliest answer, as pollers read forward) counts.
    await this.redis.set(key, JSON.stringify(reply), 'EX', EARLY_REPLY_TTL_S, 'NX');
    // `open` may have committed and looked for this key just before it was written: look once more.
    // If both apply it, the compare-and-set lets one through and the other finds the appeal final.
    const again = await this.act(id, answerBy(reply));
    if (again.ok || again.refused !== 'unknown') await this.redis.del(key);
    return again;
  }

  /** Waiting appeals, the nearest deadline first; of one department when given. */
  async listWaiting(opts: { department?: string; limit?: number } = {}): Promise<AppealRecord[]> {
    const key = opts.department ? this.keys.waitingIn(opts.department) : this.keys.waiting;
    const ids = await this.redis.zrange(key, 0, (opts.limit ?? 50) - 1);
    const all = await Promise.all(ids.map((id) => this.get(id)));
    return all.filter((a): a is AppealRecord => a !== undefined && isWaiting(a.state));
  }

  /** Waiting appeals whose deadline has passed (escalated or not), oldest deadline first. */
  async listOverdue(now: Date, limit = 200): Promise<AppealRecord[]> {
    const ids = await this.redis.zrangebyscore(this.keys.waiting, '-inf', now.getTime(), 'LIMIT', 0, limit);
    const all = await Promise.all(ids.map((id) => this.get(id)));
    return all.filter((a): a is AppealRecord => a !== undefined && isWaiting(a.state));
  }

  /** Ids whose reminder (`remind`) or escalation (`escalate`) time has come. */
  async dueIds(what: 'remind' | 'escalate', now: Date, limit = 100): Promise<string[]> {
    const key = what === 'remind' ? this.keys.remind : this.keys.due;
    return this.redis.zrangebyscore(key, '-inf', now.getTime(), 'LIMIT', 0, limit);
  }

  async #commit(
    r: AppealRecord,
    expectedRev: string,
    previousDepartment: string | undefined,
    event: AppealEvent,
    earlyReplyKey?: string,
  ): Promise<{ committed: boolean; earlyReply?: string; existing?: string }> {
    const waiting = isWaiting(r.state);
    const due = waiting && r.escalatedAt === undefined ? String(Date.parse(r.dueAt)) : '';
    const remind =
      waiting && r.remindAt !== undefined && r.remindedAt === undefined ? String(Date.parse(r.remindAt)) : '';
    const k = this.keys;
    const keys = [
      k.record(r.id),
      k.due,
      k.remind,
      k.waiting,
      k.waitingIn(r.department),
      k.waitingIn(previousDepartment ?? r.department),
      k.events,
      ...(earlyReplyKey === undefined ? [] : [earlyReplyKey]),
    ];
    const res = await this.redis.eval(
      COMMIT,
      keys.length,
      ...keys,
      expectedRev,
      String(r.revision),
      JSON.stringify(r),
      r.id,
      waiting ? '1' : '0',
      due,
      remind,
      String(Date.parse(r.dueAt)),
      event.type,
      JSON.stringify(event),
      String(this.#maxLen),
    );
    if (!Array.isArray(res)) throw new Error(`appeal commit answered ${typeof res}`);
    const [committed, earlyReply, existing] = res as [number, string | null, string | null | undefined];
    return {
      committed: committed === 1,
      ...(typeof earlyReply === 'string' ? { earlyReply } : {}),
      ...(typeof existing === 'string' ? { existing } : {}),
    };
  }
}
