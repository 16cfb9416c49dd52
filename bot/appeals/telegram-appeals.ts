import type { Logger } from 'pino';
import type { AccountRegistry } from '../../config/accounts.ts';
import type { AppealEvent, AppealRecord } from '../../core/appeals/appeal-record.ts';
import { isWaiting } from '../../core/appeals/appeal-record.ts';
import { renderAppealNotice } from '../../core/appeals/render-appeal.ts';
import type { Department } from '../../core/appeals/routing.ts';
import type { AppealDesk, DeskResult } from '../../workers/appeals/appeal-desk.ts';
import type { AppealSink } from '../../workers/appeals/appeal-sink.ts';
import type { MessageRef } from '../review-store.ts';
import type { TelegramOut } from '../telegram-out.ts';
import { tgErrorKind, tgErrorText } from '../telegram-errors.ts';
import {
  closingLine,
  depMatches,
  parseAppealData,
  renderAppealsCommand,
  renderAppealTgCard,
  renderTransferChooser,
  type AppealCardContext,
} from '../view/appeal-card.ts';
import type { RenderedMessage } from '../view/model.ts';
import type { AppealCardStore } from './appeal-card-store.ts';

export interface TelegramAppealsDeps {
  readonly desk: AppealDesk;
  readonly cards: AppealCardStore;
  readonly out: TelegramOut;
  readonly accounts: AccountRegistry;
  /** TELEGRAM_MODERATOR_IDS: may act on every appeal and list them all. */
  readonly moderators: ReadonlySet<string>;
  /** The moderators' group. */
  readonly reviewChatId: number;
  /** Time zone of lists that span departments. */
  readonly timeZone: string;
  readonly log: Logger;
  /** How long posting one card may wait for a pacing slot before the event is retried (ms). */
  readonly sendBudgetMs?: number;
  readonly now?: () => Date;
}

/** A press on an appeal button, reduced to what the logic needs. */
export interface AppealPress {
  readonly userId: number;
  readonly userName: string;
  readonly data: string;
  readonly message?: MessageRef | undefined;
  answer(text: string, alert: boolean): Promise<void>;
}

const TEXTS = {
  stale: 'Эта карточка обращения устарела. Список открытых: /appeals',
  notAllowed: (dep: string, id: number) =>
    `⛔ Отвечают на это обращение сотрудники «${dep}» и модераторы. Ваш id: ${id}`,
  changed: 'Карточка уже изменилась — посмотрите её ещё раз.',
  failed: 'Не удалось сохранить. Попробуйте ещё раз.',
} as const;

/** A Telegram send that cannot succeed by waiting (wrong chat id, bot removed): skipped, not retried. */
const isPermanent = (err: unknown): boolean => {
  const k = tgErrorKind(err);
  return k === 'forbidden' || k === 'bad_request';
};

/**
 * The Telegram side of citizens' appeals: posts appeal cards to the responsible department's chat
 * (an {@link AppealSink} fed by the appeal outbox), handles the buttons «Ответ дан», «Передать» (with
 * the department chooser) and «Не обращение», and answers `/appeals`. All sends go through
 * {@link TelegramOut}, so appeal messages share the chat pacing and 429 handling of the review bot.
 */
export class TelegramAppeals implements AppealSink {
  readonly name = 'telegram';
  #chains = new Map<string, Promise<void>>();
  #closing = false;

  constructor(private readonly d: TelegramAppealsDeps) {}

  #now(): Date {
    return this.d.now?.() ?? new Date();
  }

  #department(id: string): Department | undefined {
    return this.d.desk.departments().find((x) => x.id === id);
  }

  #departmentName = (id: string): string => this.#department(id)?.name ?? id;

  /** Whether the bot serves this group: a department's or a supervisor's chat from the routing file. */
  servesChat(chatId: number): boolean {
    const id = String(chatId);
    return this.d.desk.departments().some((x) => x.chatId === id || x.supervisor.chatId === id);
  }

  /** The chats where a card of this department carries buttons. */
  #activeChats(dep: Department): Set<number> {
    const s = new Set([Number(dep.chatId), this.d.reviewChatId]);
    if (dep.supervisor.chatId) s.add(Number(dep.supervisor.chatId));
    return s;
  }

  #context(a: AppealRecord, dep: Department, shortId: string, chatId: number): AppealCardContext {
    return {
      shortId,
      department: dep,
      accountTitle: this.d.accounts.get(a.accountId)?.title ?? a.accountId,
      departmentName: this.#departmentName,
      active: this.#activeChats(dep).has(chatId),
    };
  }

  async #render(a: AppealRecord, chatId: number): Promise<RenderedMessage | undefined> {
    const dep = this.#department(a.department);
    if (!dep) return undefined;
    const shortId = await this.d.cards.shortIdFor(a.id);
    return renderAppealTgCard(a, this.#context(a, dep, shortId, chatId));
  }

  // ───────────────────────────── the sink ─────────────────────────────

  /** Handles one appeal event; idempotent (a redelivered event edits, it does not post again). */
  async handle(e: AppealEvent): Promise<void> {
    const latest = (await this.d.desk.get(e.appeal.id)) ?? e.appeal;
    const dep = this.#department(latest.department);
    if (!dep) {
      this.d.log.error(
        { appeal: latest.id, department: latest.department },
        'appeal department is not in the routing file; no card posted',
      );
      return;
    }
    switch (e.type) {
      case 'opened':
        // A card for an appeal closed before it could be shown would only add noise.
        if (isWaiting(latest.state) || (await this.d.cards.messages(latest.id)).length > 0)
          await this.#ensureCard(latest, Number(dep.chatId));
        break;
      case 'transferred':
        await this.#ensureCard(latest, Number(dep.chatId));
        break;
      case 'reminder_due': {
        const ref = await this.#ensureCard(latest, Number(dep.chatId));
        if (isWaiting(latest.state)) await this.#noticeOnce(e, dep, Number(dep.chatId), ref);
        break;
      }
      case 'escalated': {
        const evDep = this.#department(e.appeal.department) ?? dep;
        const chat = Number(evDep.supervisor.chatId ?? evDep.chatId);
        const ref = await this.#ensureCard(latest, chat);
        if (isWaiting(latest.state)) await this.#noticeOnce(e, evDep, chat, ref);
        break;
      }
      case 'answered':
      case 'not_an_appeal':
        break;
    }
    await this.refresh(latest.id);
  }

  /** The card's copy in a chat: posted if the chat has none yet; its message id (undefined if skipped). */
  async #ensureCard(a: AppealRecord, chatId: number): Promise<number | undefined> {
    const existing = (await this.d.cards.messages(a.id)).find((m) => m.chatId === chatId);
    if (existing) return existing.messageId;
    const msg = await this.#render(a, chatId);
    if (!msg) return undefined;
    let messageId: number | undefined;
    try {
      messageId = await this.#send(chatId, msg);
    } catch (err) {
      if (!isPermanent(err)) throw err;
      this.d.log.error(
        { appeal: a.id, chatId, err: tgErrorText(err) },
        'appeal card cannot be posted to this chat (check chat_id in the routing file and the bot’s membership); skipped',
      );
      return undefined;
    }
    // Not sent within its budget (pacing, 429): the dispatcher retries the event later.
    if (messageId === undefined)
      throw new Error(`appeal card for ${a.id} not sent yet (chat ${chatId} busy)`);
    await this.d.cards.addMessage(a.id, { chatId, messageId });
    this.d.log.info({ appeal: a.id, chatId, messageId }, 'appeal card posted');
    return messageId;
  }

  async #noticeOnce(e: AppealEvent, dep: Department, chatId: number, replyTo?: number): Promise<void> {
    const { id, revision } = e.appeal;
    // Claimed while it waits for a send slot and is sent; marked done only once Telegram took it, so a
    // process dying meanwhile leaves a claim that lapses, and the event delivered again sends it.
    const claim = await this.d.cards.claimNotice(id, revision, e.type, this.#sendBudgetMs() + 30_000);
    if (claim === 'done') return;
    if (claim === 'pending')
      throw new Error(`appeal notice for ${id} is being sent elsewhere; retried later`);
    try {
      const sent = await this.#send(
        chatId,
        { text: `⏰ ${renderAppealNotice(e, dep)}`, keyboard: [] },
        replyTo,
      );
      if (sent === undefined) throw new Error(`appeal notice for ${id} not sent yet (chat ${chatId} busy)`);
      await this.d.cards.noticeSent(id, revision, e.type);
    } catch (err) {
      if (isPermanent(err)) {
        this.d.log.error({ appeal: id, chatId, err: tgErrorText(err) }, 'appeal notice cannot be posted');
        return;
      }
      await this.d.cards.releaseNotice(id, revision, e.type);
      throw err;
    }
  }

  /** How long a message may wait for a send slot (ms). */
  #sendBudgetMs(): number {
    return this.d.sendBudgetMs ?? 60_000;
  }

  /**
   * One message through the shared pacer and 429 handling, waiting for a slot up to the send budget;
   * undefined when none came in time. Gives up at once when the bot is stopping, so shutdown never
   * waits for a pacing window.
   */
  async #send(chatId: number, msg: RenderedMessage, replyTo?: number): Promise<number | undefined> {
    const end = Date.now() + this.#sendBudgetMs();
    for (;;) {
      if (this.#closing) return undefined;
      const r = await this.d.out.trySend(chatId, msg, replyTo);
      if (r.ok) return r.messageId;
      if (Date.now() + r.waitMs > end) return undefined;
      await new Promise((res) => setTimeout(res, Math.min(r.waitMs, 250)));
    }
  }

  /** Stops posting (shutdown): events not yet shown stay pending in the outbox for the next start. */
  stop(): void {
    this.#closing = true;
  }

  /**
   * Re-renders every copy of an appeal's card from the register. Calls for one appeal run one after
   * another, each reading the state afresh, so the last edit shows the newest state.
   */
  refresh(appealId: string): Promise<void> {
    const prev = this.#chains.get(appealId) ?? Promise.resolve();
    const next = prev.then(() => this.#refresh(appealId));
    const tail = next.catch(() => undefined);
    this.#chains.set(appealId, tail);
    void tail.then(() => {
      if (this.#chains.get(appealId) === tail) this.#chains.delete(appealId);
    });
    return next;
  }

  /** Waits for card edits in flight (shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.#chains.values()]);
  }

  async #refresh(appealId: string): Promise<void> {
    const a = await this.d.desk.get(appealId);
    if (!a) return;
    for (const ref of await this.d.cards.messages(appealId)) {
      const msg = await this.#render(a, ref.chatId);
      if (!msg) return;
      try {
        if (!(await this.d.out.edit(ref, msg))) {
          this.d.log.warn({ appeal: appealId, ...ref }, 'appeal card was deleted in Telegram; forgetting it');
          await this.d.cards.forgetMessage(appealId, ref);
        }
      } catch (err) {
        this.d.log.error(
          { appeal: appealId, ...ref, err: tgErrorText(err) },
          'appeal card could not be updated',
        );
      }
    }
  }

  // ───────────────────────────── buttons ─────────────────────────────

  /** Whether this callback data belongs to an appeal card. */
  static owns(data: string): boolean {
    return data.startsWith('ap');
  }

  #mayAct(userId: number, dep: Department): boolean {
    const id = String(userId);
    return (
      this.d.moderators.has(id) ||
      dep.supervisor.telegramId === id ||
      dep.people.some((p) => p.telegramId === id)
    );
  }

  /** Handles a press on an appeal button: access check, then the desk; the card follows the register. */
  async press(p: AppealPress): Promise<void> {
    const { log, desk, cards } = this.d;
    const parsed = parseAppealData(p.data);
    const appealId = parsed ? await cards.appealIdOf(parsed.shortId) : undefined;
    const a = appealId ? await desk.get(appealId) : undefined;
    if (!parsed || !a) {
      log.warn({ userId: p.userId, data: p.data.slice(0, 64) }, 'press on an unknown or expired appeal card');
      await p.answer(TEXTS.stale, true);
      return;
    }
    const dep = this.#department(a.department);
    // A closed appeal changes for nobody; anyone pressing an old button just learns how it ended.
    if (!isWaiting(a.state)) {
      await p.answer(this.#finalText(a, dep?.schedule.timeZone ?? this.d.timeZone), true);
      void this.refresh(a.id).catch(() => undefined);
      return;
    }
    if (!dep || !this.#mayAct(p.userId, dep)) {
      log.warn(
        { userId: p.userId, name: p.userName, appeal: a.id, department: a.department, op: parsed.op },
        'appeal action refused: not of the department',
      );
      await p.answer(TEXTS.notAllowed(dep?.name ?? a.department, p.userId), true);
      return;
    }
    const official = { id: String(p.userId), name: p.userName };
    const tz = dep.schedule.timeZone;
    if (parsed.op === 'transfer' || parsed.op === 'back') {
      if (p.message && isWaiting(a.state)) {
        const ctx = this.#context(a, dep, parsed.shortId, p.message.chatId);
        const msg =
          parsed.op === 'transfer'
            ? renderTransferChooser(a, ctx, desk.departments())
            : renderAppealTgCard(a, ctx);
        await this.d.out.edit(p.message, msg).catch((err: unknown) => {
          log.warn({ appeal: a.id, err: tgErrorText(err) }, 'appeal chooser could not be shown');
        });
      }
      await p.answer(
        isWaiting(a.state)
          ? parsed.op === 'transfer'
            ? 'Выберите отдел'
            : 'Отменено'
          : this.#finalText(a, tz),
        !isWaiting(a.state),
      );
      if (!isWaiting(a.state)) void this.refresh(a.id).catch(() => undefined);
      return;
    }
    let r: DeskResult;
    try {
      if (parsed.op === 'answered') r = await desk.answered(a.id, official);
      else if (parsed.op === 'not_an_appeal') r = await desk.notAnAppeal(a.id, official);
      else {
        const to = desk.departments().find((x) => depMatches(x, parsed.dep ?? ''));
        if (!to) {
          await p.answer('Такого отдела больше нет в файле маршрутизации.', true);
          return;
        }
        r = await desk.transfer(a.id, to.id, official, undefined, parsed.rev);
      }
    } catch (err) {
      log.error({ err, appeal: a.id, op: parsed.op }, 'appeal action failed');
      await p.answer(TEXTS.failed, true);
      return;
    }
    if (r.ok) {
      log.info({ appeal: a.id, op: parsed.op, by: official, state: r.record.state }, 'appeal action');
      const done =
        r.record.state === 'transferred'
          ? `Передано в «${this.#departmentName(r.record.department)}»`
          : 'Принято';
      await p.answer(done, false);
    } else {
      log.info({ appeal: a.id, op: parsed.op, by: official, refused: r.refused }, 'appeal action refused');
      const latest = (await desk.get(a.id)) ?? a;
      await p.answer(
        r.refused === 'changed' && isWaiting(latest.state) ? TEXTS.changed : this.#finalText(latest, tz),
        true,
      );
    }
    // The event reaches the sink too; refreshing now makes the press visible at once.
    void this.refresh(a.id).catch(() => undefined);
  }

  #finalText(a: AppealRecord, tz: string): string {
    const line = closingLine(a, tz);
    return line ? `Уже закрыто. ${line.replace(/<[^>]+>/g, '')}` : TEXTS.changed;
  }

  // ───────────────────────────── /appeals ─────────────────────────────

  /**
   * `/appeals`: in a department's (or its supervisor's) chat, that department's open appeals; in the
   * moderators' chat or a moderator's private chat, all of them; in a private chat with a department
   * member, their departments'. Undefined when the user may not see any.
   */
  async listFor(chat: { id: number; type: string }, userId: number): Promise<string | undefined> {
    const now = this.#now();
    const all = this.d.desk.departments();
    const isMod = this.d.moderators.has(String(userId));
    if (chat.id === this.d.reviewChatId || (chat.type === 'private' && isMod)) {
      const list = await this.d.desk.list(undefined, 50);
      return renderAppealsCommand(list, {
        title: 'Открытые обращения',
        timeZone: this.d.timeZone,
        now,
        departmentName: this.#departmentName,
      });
    }
    const id = String(chat.id);
    const uid = String(userId);
    const deps =
      chat.type === 'private'
        ? all.filter((x) => x.supervisor.telegramId === uid || x.people.some((p) => p.telegramId === uid))
        : all.filter((x) => x.chatId === id || x.supervisor.chatId === id);
    if (deps.length === 0) return undefined;
    const parts: string[] = [];
    for (const dep of deps) {
      const list = await this.d.desk.list(dep.id, 30);
      parts.push(renderAppealsCommand(list, { title: dep.name, timeZone: dep.schedule.timeZone, now }));
    }
    return parts.join('\n\n');
  }
}
