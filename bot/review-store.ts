import type { Redis } from 'ioredis';
import { z } from 'zod';
import {
  ActionStepSchema,
  ReviewJobSchema,
  type PlatformAction,
  type ReviewJob,
} from '../queues/payloads.ts';
import { DECISIONS, type OutcomeView, type StoredDecision } from './view/model.ts';
import { tgKey } from './redis-keys.ts';

/** Items (and their buttons) are answered for this long; older presses get «карточка устарела». */
const ITEM_TTL_MS = 30 * 86_400_000;

const DecisionSchema = z.object({
  decision: z.enum(DECISIONS),
  by: z.object({ id: z.string(), name: z.string() }),
  at: z.number(),
  rev: z.number().int(),
});
const OutcomeSchema = z.object({
  status: z.enum(['pending', 'done', 'already_done', 'unsupported', 'failed', 'unknown', 'none']),
  detail: z.string(),
  at: z.number(),
  manualUrl: z.string().optional(),
  stepsDone: z.array(ActionStepSchema).optional(),
});
const MsgRefSchema = z.array(z.object({ chatId: z.number(), messageId: z.number() }));

/** Where a card of the item was posted. */
export interface MessageRef {
  readonly chatId: number;
  readonly messageId: number;
}

/** One review item as kept in Redis: the job, where its cards are, and the decision once taken. */
export interface StoredItem {
  readonly id: string;
  readonly jobId: string;
  readonly job: ReviewJob;
  readonly queuedAt: number;
  readonly messages: readonly MessageRef[];
  readonly decision: StoredDecision | undefined;
  readonly outcome: OutcomeView | undefined;
  readonly note: string | undefined;
}

/** A platform action the bot waits to hear about. */
export interface TrackedAction {
  readonly itemId: string;
  readonly queue: string;
  readonly jobId: string;
  /** `decision`: the outcome goes on the card; `undo`: it goes into the card's note. */
  readonly purpose: 'decision' | 'undo';
  /** The action (the note tells what was undone); absent in entries of older builds, which only restored. */
  readonly action?: PlatformAction | undefined;
  /** When the action was queued (ms since epoch). */
  readonly at: number;
}

export type DecideResult =
  | { readonly status: 'ok'; readonly decision: StoredDecision }
  | { readonly status: 'taken'; readonly decision: StoredDecision }
  | { readonly status: 'missing' }
  /** The platform action undoing the previous decision has not finished: deciding now could be undone by it. */
  | { readonly status: 'undoing' };

/**
 * How long an unfinished undo blocks new decisions at most: its outcome normally arrives within
 * seconds (retries included), and the outcome tracker reports a lost job after ten minutes.
 */
export const UNDO_BLOCKS_MS = 15 * 60_000;

// First decision wins: one script checks and writes, so two presses at the same instant — in one
// process or two — cannot both succeed. While the undo of the previous decision is still being
// carried out on the platform (field `undoing`: when it was queued), no decision is taken.
const DECIDE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing'} end
local cur = redis.call('HGET', KEYS[1], 'decision')
if cur then return {'taken', cur} end
local undoing = redis.call('HGET', KEYS[1], 'undoing')
if undoing and tonumber(ARGV[5]) - tonumber(undoing) < tonumber(ARGV[6]) then return {'undoing'} end
local rev = redis.call('HINCRBY', KEYS[1], 'rev', 1)
local d = ARGV[2] .. rev .. '}'
redis.call('HSET', KEYS[1], 'decision', d, 'outcome', ARGV[3])
redis.call('HDEL', KEYS[1], 'note')
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {'ok', d}
`;

// Compare-and-delete: only the decision that was read is withdrawn (a press in between wins).
const REVERT = `
if redis.call('HGET', KEYS[1], 'decision') ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], 'decision', 'outcome')
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'note', ARGV[4]) else redis.call('HDEL', KEYS[1], 'note') end
if redis.call('HGET', KEYS[1], 'msgs') ~= '[]' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1]) end
return 1
`;

// Records a posted card and counts the item as open unless it is already decided.
const POSTED = `
local msgs = cjson.decode(redis.call('HGET', KEYS[1], 'msgs') or '[]')
table.insert(msgs, {chatId = tonumber(ARGV[2]), messageId = tonumber(ARGV[3])})
redis.call('HSET', KEYS[1], 'msgs', cjson.encode(msgs))
if not redis.call('HGET', KEYS[1], 'decision') then
  redis.call('ZADD', KEYS[2], 'NX', redis.call('HGET', KEYS[1], 'queuedAt'), ARGV[1])
end
redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[4])
return #msgs
`;

/**
 * The bot's state in Redis: review items under short opaque ids (the buttons carry only the id),
 * the decision of each, where its cards are, which cards are open, and actions awaiting an outcome.
 * Everything survives a bot restart, so old buttons keep working.
 */
export class ReviewStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  #k(...parts: (string | number)[]): string {
    return tgKey(this.prefix, ...parts);
  }

  /**
   * The item id of a `{review}` job, creating the item on first sight. Idempotent: a retried job or
   * a job seen by `/next` and the worker maps to the same item.
   */
  async itemFor(jobId: string, job: ReviewJob, queuedAt: number): Promise<string> {
    const mapKey = this.#k('job', jobId);
    const known = await this.redis.get(mapKey);
    if (known) return known;
    const id = (await this.redis.incr(this.#k('seq'))).toString(36);
    // The item is written before the job points at it, so whoever reads the mapping finds the item.
    await this.redis
      .multi()
      .hset(this.#k('item', id), {
        jobId,
        job: JSON.stringify(job),
        queuedAt: String(queuedAt),
        msgs: '[]',
        rev: '0',
      })
      .pexpire(this.#k('item', id), ITEM_TTL_MS)
      .exec();
    const won = await this.redis.set(mapKey, id, 'PX', ITEM_TTL_MS, 'NX');
    if (won !== 'OK') {
      await this.redis.del(this.#k('item', id));
      return (await this.redis.get(mapKey)) ?? id;
    }
    return id;
  }

  async load(id: string): Promise<StoredItem | undefined> {
    const h = await this.redis.hgetall(this.#k('item', id));
    if (!h.job) return undefined;
    const job = ReviewJobSchema.safeParse(JSON.parse(h.job));
    if (!job.success) return undefined;
    const parse = <T>(schema: z.ZodType<T>, raw: string | undefined): T | undefined => {
      if (!raw) return undefined;
      const r = schema.safeParse(JSON.parse(raw));
      return r.success ? r.data : undefined;
    };
    return {
      id,
      jobId: h.jobId ?? '',
      job: job.data,
      queuedAt: Number(h.queuedAt ?? 0),
      messages: parse(MsgRefSchema, h.msgs) ?? [],
      decision: parse(DecisionSchema, h.decision),
      outcome: parse(OutcomeSchema, h.outcome),
      note: h.note || undefined,
    };
  }

  /** Records that a card for the item is now in `chatId`. */
  async markPosted(id: string, ref: MessageRef): Promise<void> {
    await this.redis.eval(
      POSTED,
      3,
      this.#k('item', id),
      this.#k('open'),
      this.#k('msg', ref.chatId, ref.messageId),
      id,
      ref.chatId,
      ref.messageId,
      ITEM_TTL_MS,
    );
  }

  /** Removes a card reference that Telegram no longer has (deleted by someone). */
  async forgetMessage(id: string, ref: MessageRef): Promise<void> {
    const item = await this.load(id);
    if (!item) return;
    const msgs = item.messages.filter((m) => m.chatId !== ref.chatId || m.messageId !== ref.messageId);
    await this.redis.hset(this.#k('item', id), 'msgs', JSON.stringify(msgs));
  }

  async itemByMessage(ref: MessageRef): Promise<string | undefined> {
    return (await this.redis.get(this.#k('msg', ref.chatId, ref.messageId))) ?? undefined;
  }

  /** Cards shown and not decided yet. */
  openCount(): Promise<number> {
    return this.redis.zcard(this.#k('open'));
  }

  /** Open items, oldest first, with the time each entered review. */
  async openItems(limit = 100): Promise<{ id: string; queuedAt: number }[]> {
    const raw = await this.redis.zrange(this.#k('open'), 0, limit - 1, 'WITHSCORES');
    const out: { id: string; queuedAt: number }[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) out.push({ id: raw[i] ?? '', queuedAt: Number(raw[i + 1]) });
    return out;
  }

  /** How many open items entered review before `cutoff`. */
  overdueOpen(cutoff: number): Promise<number> {
    return this.redis.zcount(this.#k('open'), '-inf', `(${cutoff}`);
  }

  /** Drops open entries whose item has expired (undecided for the whole retention), so they stop counting. */
  async pruneOpen(limit = 100): Promise<number> {
    const ids = await this.redis.zrange(this.#k('open'), 0, limit - 1);
    let removed = 0;
    for (const id of ids) {
      if ((await this.redis.exists(this.#k('item', id))) === 0)
        removed += await this.redis.zrem(this.#k('open'), id);
    }
    return removed;
  }

  /** Takes the decision if nobody has; otherwise returns the one already taken. */
  async decide(id: string, d: Omit<StoredDecision, 'rev'>, outcome: OutcomeView): Promise<DecideResult> {
    const head = JSON.stringify({ decision: d.decision, by: d.by, at: d.at }).slice(0, -1) + ',"rev":';
    const r = (await this.redis.eval(
      DECIDE,
      2,
      this.#k('item', id),
      this.#k('open'),
      id,
      head,
      JSON.stringify(outcome),
      ITEM_TTL_MS,
      d.at,
      UNDO_BLOCKS_MS,
    )) as [string, string?];
    if (r[0] === 'missing') return { status: 'missing' };
    if (r[0] === 'undoing') return { status: 'undoing' };
    const decision = DecisionSchema.parse(JSON.parse(r[1] ?? '{}'));
    return r[0] === 'ok' ? { status: 'ok', decision } : { status: 'taken', decision };
  }

  /**
   * Withdraws `expected` (the exact decision read before) and reopens the item; false if the
   * decision changed in between. `note` is shown on the reopened card.
   */
  async revert(id: string, expected: StoredDecision, queuedAt: number, note = ''): Promise<boolean> {
    const raw = await this.redis.hget(this.#k('item', id), 'decision');
    if (!raw) return false;
    const cur = DecisionSchema.safeParse(JSON.parse(raw));
    if (!cur.success || cur.data.rev !== expected.rev) return false;
    const r = await this.redis.eval(REVERT, 2, this.#k('item', id), this.#k('open'), id, raw, queuedAt, note);
    return Number(r) === 1;
  }

  /** Notes that the undo of the item's decision is being carried out (set before it is queued). */
  async markUndoing(id: string, at: number): Promise<void> {
    await this.redis.hset(this.#k('item', id), 'undoing', String(at));
  }

  /** The undo's platform action has finished (or was never queued): decisions may be taken again. */
  async undoFinished(id: string): Promise<void> {
    await this.redis.hdel(this.#k('item', id), 'undoing');
  }

  async setOutcome(id: string, outcome: OutcomeView): Promise<void> {
    await this.redis.hset(this.#k('item', id), 'outcome', JSON.stringify(outcome));
  }

  async setNote(id: string, note: string): Promise<void> {
    await this.redis.hset(this.#k('item', id), 'note', note);
  }

  /** Remembers the last item a moderator decided (for `/undo` without a reply). */
  async rememberLastDecision(userId: string, itemId: string): Promise<void> {
    await this.redis.set(this.#k('last', userId), itemId, 'PX', ITEM_TTL_MS);
  }

  async lastDecision(userId: string): Promise<string | undefined> {
    return (await this.redis.get(this.#k('last', userId))) ?? undefined;
  }

  /** Registers a platform action whose outcome must reach the card. */
  async track(a: TrackedAction): Promise<void> {
    await this.redis.hset(this.#k('acts'), `${a.queue}|${a.jobId}`, JSON.stringify(a));
  }

  async tracked(queue: string, jobId: string): Promise<TrackedAction | undefined> {
    const raw = await this.redis.hget(this.#k('acts'), `${queue}|${jobId}`);
    return raw ? (JSON.parse(raw) as TrackedAction) : undefined;
  }

  async untrack(queue: string, jobId: string): Promise<void> {
    await this.redis.hdel(this.#k('acts'), `${queue}|${jobId}`);
  }

  async allTracked(): Promise<TrackedAction[]> {
    return Object.values(await this.redis.hgetall(this.#k('acts'))).map(
      (v) => JSON.parse(v) as TrackedAction,
    );
  }

  /** The backlog summary message, if one is shown. */
  async summary(): Promise<MessageRef | undefined> {
    const raw = await this.redis.get(this.#k('summary'));
    return raw ? (JSON.parse(raw) as MessageRef) : undefined;
  }

  async setSummary(ref: MessageRef | undefined): Promise<void> {
    if (ref) await this.redis.set(this.#k('summary'), JSON.stringify(ref));
    else await this.redis.del(this.#k('summary'));
  }

  /** Claims a once-per-period duty (reminders, summary refresh) across processes for `ms`. */
  async once(name: string, ms: number): Promise<boolean> {
    return (
      (await this.redis.set(this.#k('once', name), '1', 'PX', Math.max(1, Math.round(ms)), 'NX')) === 'OK'
    );
  }

  async clearOnce(name: string): Promise<void> {
    await this.redis.del(this.#k('once', name));
  }
}
