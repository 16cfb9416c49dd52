import type { Logger } from 'pino';
import { Markup, type Telegram } from 'telegraf';
import type { AccountRegistry } from '../config/accounts.ts';
import type { ChatPacer } from './chat-pacer.ts';
import type { MessageRef, ReviewStore, StoredItem } from './review-store.ts';
import { retryAfterMs, tgErrorKind, tgErrorText } from './telegram-errors.ts';
import { renderCard } from './view/card.ts';
import type { CardView, RenderedMessage } from './view/model.ts';

/** The result of one send attempt. */
export type SendAttempt =
  { readonly ok: true; readonly messageId: number } | { readonly ok: false; readonly waitMs: number };

const markup = (m: RenderedMessage) =>
  Markup.inlineKeyboard(m.keyboard.map((row) => row.map((b) => Markup.button.callback(b.text, b.data))));

/**
 * Everything the bot sends or edits goes through here: sends take a slot from the {@link ChatPacer}
 * and honour 429 `retry_after`; edits of one card are serialised so an older state never overwrites
 * a newer one; "message is not modified" counts as success and a deleted card is forgotten.
 */
export class TelegramOut {
  #chains = new Map<string, Promise<void>>();

  constructor(
    private readonly telegram: Telegram,
    private readonly pacer: ChatPacer,
    private readonly store: ReviewStore,
    private readonly accounts: AccountRegistry,
    private readonly timeZone: string,
    private readonly log: Logger,
  ) {}

  /** The card data of a stored item (an account since removed from the registry still renders). */
  view(item: StoredItem): CardView {
    const c = item.job.comment;
    const a = this.accounts.get(c.accountId);
    return {
      itemId: item.id,
      job: item.job,
      account: {
        id: c.accountId,
        title: a?.title ?? c.accountId,
        platform: c.platform,
        banDays: a?.ban_days ?? 0,
      },
      queuedAt: item.queuedAt,
      decision: item.decision,
      outcome: item.outcome,
      note: item.note,
    };
  }

  render(item: StoredItem): RenderedMessage {
    return renderCard(this.view(item), this.timeZone);
  }

  /** One paced attempt to send HTML; `waitMs` says when to try again (pacing or 429). */
  async trySend(chatId: number, msg: RenderedMessage, replyTo?: number): Promise<SendAttempt> {
    const wait = await this.pacer.acquire(chatId);
    if (wait > 0) return { ok: false, waitMs: wait };
    try {
      const sent = await this.telegram.sendMessage(chatId, msg.text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(msg.keyboard.length ? markup(msg) : {}),
        ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
      });
      return { ok: true, messageId: sent.message_id };
    } catch (err) {
      if (tgErrorKind(err) !== 'retry_after') throw err;
      const ms = retryAfterMs(err);
      this.log.warn({ chatId, retryAfterMs: ms }, 'telegram 429 on sendMessage; pausing this chat');
      await this.pacer.block(chatId, ms);
      return { ok: false, waitMs: ms };
    }
  }

  /** Sends, waiting for pacing slots up to `maxWaitMs`; undefined when it could not be sent in time. */
  async send(
    chatId: number,
    msg: RenderedMessage,
    maxWaitMs = 30_000,
    replyTo?: number,
  ): Promise<number | undefined> {
    const end = Date.now() + maxWaitMs;
    for (;;) {
      const r = await this.trySend(chatId, msg, replyTo);
      if (r.ok) return r.messageId;
      if (Date.now() + r.waitMs > end) {
        this.log.warn({ chatId, waitMs: r.waitMs }, 'telegram: message not sent within its wait budget');
        return undefined;
      }
      await new Promise((res) => setTimeout(res, r.waitMs));
    }
  }

  /** Plain text reply helper (HTML, no buttons). */
  sendText(chatId: number, html: string, maxWaitMs = 30_000, replyTo?: number): Promise<number | undefined> {
    return this.send(chatId, { text: html, keyboard: [] }, maxWaitMs, replyTo);
  }

  /**
   * Edits a message; true when it now shows `msg` (including "not modified"), false when the
   * message is gone. Waits out 429s (a few times) before giving up. Edits take no pacing slot (a
   * moderator's press must show at once), but Telegram's flood control counts them: an edit waits
   * while the chat is blocked by a 429, and a 429 on an edit blocks the chat for sends too.
   */
  async edit(ref: MessageRef, msg: RenderedMessage): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      // Without Redis the edit is still tried: the 429 it may get is handled below.
      const blocked = await this.pacer.blockedMs(ref.chatId).catch(() => 0);
      if (blocked > 0) await new Promise((r) => setTimeout(r, blocked));
      try {
        await this.telegram.editMessageText(ref.chatId, ref.messageId, undefined, msg.text, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...markup(msg),
        });
        return true;
      } catch (err) {
        const kind = tgErrorKind(err);
        if (kind === 'not_modified') return true;
        if (kind === 'message_gone') return false;
        if (kind === 'retry_after' && attempt < 4) {
          const ms = retryAfterMs(err);
          this.log.warn({ ...ref, retryAfterMs: ms }, 'telegram 429 on editMessageText; pausing this chat');
          // The wait happens at the top of the loop, where every edit and send to the chat waits too;
          // if the block cannot be stored, this edit still waits its own.
          await this.pacer.block(ref.chatId, ms).catch(() => new Promise((r) => setTimeout(r, ms)));
          continue;
        }
        if ((kind === 'server' || kind === 'network') && attempt < 4) {
          const ms = 1000 * attempt;
          this.log.warn({ ...ref, waitMs: ms, err: tgErrorText(err) }, 'telegram: edit failed; retrying');
          await new Promise((r) => setTimeout(r, ms));
          continue;
        }
        throw err;
      }
    }
  }

  /**
   * Re-renders every card of an item from its current state in Redis. Calls for one item run one
   * after another, each reading the state afresh, so the last edit always shows the newest state.
   */
  refreshCard(itemId: string): Promise<void> {
    const prev = this.#chains.get(itemId) ?? Promise.resolve();
    const next = prev.then(() => this.#refresh(itemId));
    const tail = next.catch(() => undefined);
    this.#chains.set(itemId, tail);
    void tail.then(() => {
      if (this.#chains.get(itemId) === tail) this.#chains.delete(itemId);
    });
    return next;
  }

  /** Waits for every card edit in flight (shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.#chains.values()]);
  }

  async #refresh(itemId: string): Promise<void> {
    const item = await this.store.load(itemId);
    if (!item) return;
    const msg = this.render(item);
    for (const ref of item.messages) {
      try {
        if (!(await this.edit(ref, msg))) {
          this.log.warn({ itemId, ...ref }, 'card message was deleted in Telegram; forgetting it');
          await this.store.forgetMessage(itemId, ref);
        }
      } catch (err) {
        // The state is safe in Redis; the next event on this item (or a press) renders it again.
        this.log.error({ itemId, ...ref, err: tgErrorText(err) }, 'card could not be updated');
      }
    }
  }
}
