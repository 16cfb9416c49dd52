import type { Redis } from 'ioredis';
import { z } from 'zod';
import { tgKey } from '../redis-keys.ts';
import type { MessageRef } from '../review-store.ts';

/** Cards answer presses this long after the last change (an appeal is usually closed within days). */
const CARD_TTL_MS = 180 * 86_400_000;

const RefsSchema = z.array(z.object({ chatId: z.number(), messageId: z.number() }));

/**
 * Where the Telegram cards of each appeal are, and the short id its buttons carry (appeal ids such
 * as `vk:neryungri-vk:12345` are too long for callback data). Kept in Redis, so buttons keep working
 * after a restart; every key lives under `<prefix>:tg:ap:`.
 */
// Claims a notice: free → pending for ARGV[1] ms ('claimed'); 'pending' while held; anything else
// (the done mark, or '1' from builds that marked the claim itself done) is 'done'.
const CLAIM_NOTICE = `
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], 'pending', 'PX', ARGV[1])
  return 'claimed'
end
if v == 'pending' then return 'pending' end
return 'done'
`;

export class AppealCardStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  #k(...parts: (string | number)[]): string {
    return tgKey(this.prefix, 'ap', ...parts);
  }

  /** The short id of an appeal, created on first sight; idempotent across processes. */
  async shortIdFor(appealId: string): Promise<string> {
    const mapKey = this.#k('ref', appealId);
    const known = await this.redis.get(mapKey);
    if (known) return known;
    const id = (await this.redis.incr(this.#k('seq'))).toString(36);
    await this.redis.set(this.#k('id', id), appealId, 'PX', CARD_TTL_MS);
    const won = await this.redis.set(mapKey, id, 'PX', CARD_TTL_MS, 'NX');
    if (won === 'OK') return id;
    await this.redis.del(this.#k('id', id));
    return (await this.redis.get(mapKey)) ?? id;
  }

  /** The appeal a button's short id stands for; undefined when unknown or expired. */
  async appealIdOf(shortId: string): Promise<string | undefined> {
    return (await this.redis.get(this.#k('id', shortId))) ?? undefined;
  }

  async messages(appealId: string): Promise<MessageRef[]> {
    const raw = await this.redis.get(this.#k('msgs', appealId));
    const parsed = RefsSchema.safeParse(raw ? JSON.parse(raw) : []);
    return parsed.success ? parsed.data : [];
  }

  /** Records a posted copy of the card (one per chat), and refreshes the keys' lifetime. */
  async addMessage(appealId: string, ref: MessageRef): Promise<void> {
    const list = (await this.messages(appealId)).filter((m) => m.chatId !== ref.chatId);
    await this.#save(appealId, [...list, ref]);
  }

  async forgetMessage(appealId: string, ref: MessageRef): Promise<void> {
    const list = await this.messages(appealId);
    await this.#save(
      appealId,
      list.filter((m) => m.chatId !== ref.chatId || m.messageId !== ref.messageId),
    );
  }

  async #save(appealId: string, list: readonly MessageRef[]): Promise<void> {
    const short = await this.redis.get(this.#k('ref', appealId));
    const m = this.redis.multi().set(this.#k('msgs', appealId), JSON.stringify(list), 'PX', CARD_TTL_MS);
    m.pexpire(this.#k('ref', appealId), CARD_TTL_MS);
    if (short) m.pexpire(this.#k('id', short), CARD_TTL_MS);
    await m.exec();
  }

  /**
   * Claims a one-off side effect of an event (a reminder or escalation notice) while it is being sent:
   * `claimed` the first time; `done` once {@link noticeSent} recorded it, so an event delivered again
   * posts nothing twice; `pending` while another delivery holds the claim. A pending claim lapses after
   * `pendingMs` — the process that held it may have died before it could send.
   */
  async claimNotice(
    appealId: string,
    revision: number,
    what: string,
    pendingMs: number,
  ): Promise<'claimed' | 'pending' | 'done'> {
    // One step: read apart, a claim released or lapsing between the two reads looked done.
    const r = await this.redis.eval(CLAIM_NOTICE, 1, this.#k('done', appealId, revision, what), pendingMs);
    return r === 'claimed' || r === 'pending' ? r : 'done';
  }

  /** The notice reached Telegram: an event delivered again posts nothing (kept as long as the cards). */
  async noticeSent(appealId: string, revision: number, what: string): Promise<void> {
    await this.redis.set(this.#k('done', appealId, revision, what), 'done', 'PX', CARD_TTL_MS);
  }

  /** Withdraws a claim whose notice could not be sent, so the retried event sends it. */
  async releaseNotice(appealId: string, revision: number, what: string): Promise<void> {
    await this.redis.del(this.#k('done', appealId, revision, what));
  }
}
