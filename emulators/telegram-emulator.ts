import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenLocal, readBody, sendJson } from './http-util.ts';

/** A Telegram user as the emulator puts it in updates. */
export interface TgUser {
  readonly id: number;
  readonly first_name: string;
  readonly username?: string;
}

interface InlineButton {
  readonly text: string;
  readonly callback_data?: string;
}
type Keyboard = readonly (readonly InlineButton[])[];

/** A message the bot sent, as the emulator stores it (edits update it in place). */
export interface TgMessage {
  readonly chatId: number;
  readonly messageId: number;
  text: string;
  parseMode: string | undefined;
  keyboard: Keyboard | undefined;
  replyTo: number | undefined;
  readonly sentAt: number;
  editedAt: number | undefined;
  deleted: boolean;
  /** Every text the message has shown, oldest first. */
  readonly versions: string[];
}

export interface TgCall {
  readonly method: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly at: number;
}

/** A send that broke the configured Telegram limits (the emulator answered 429). */
export interface RateViolation {
  readonly chatId: number;
  readonly at: number;
  readonly reason: string;
}

export interface TelegramEmulatorOptions {
  readonly token: string;
  readonly botId?: number;
  readonly botUsername?: string;
  /** Longest a getUpdates is held (ms); Telegram holds up to `timeout` s, tests want it short. */
  readonly pollCapMs?: number;
  /**
   * Telegram's flood limits, scaled for tests: at most `groupMax` messages per `windowMs` into a group
   * (negative chat id) and at least `chatMinIntervalMs` between two messages to any one chat.
   */
  readonly limits?: {
    readonly windowMs: number;
    readonly groupMax: number;
    readonly chatMinIntervalMs: number;
  };
}

type Scripted =
  | { readonly kind: 'retry_after'; readonly seconds: number }
  | { readonly kind: 'not_modified' }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'kicked' }
  | { readonly kind: 'server_error' };

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

const ok = (result: unknown): Reply => ({ status: 200, body: { ok: true, result } });
const fail = (code: number, description: string, parameters?: Record<string, unknown>): Reply => ({
  status: code,
  body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) },
});

/** Telegram's 4096 limit counts the text after entity parsing: tags out, HTML entities as one character. */
function visibleLength(text: string, parseMode: unknown): number {
  if (parseMode !== 'HTML') return text.length;
  return text.replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|quot|#\d+);/g, '_').length;
}

/** `reply_parameters.message_id` (Bot API 7.0) or the older `reply_to_message_id`. */
function replyTarget(p: Record<string, unknown>): number | undefined {
  const params = (
    typeof p.reply_parameters === 'string' ? JSON.parse(p.reply_parameters) : p.reply_parameters
  ) as { message_id?: unknown } | undefined;
  const id = params?.message_id ?? p.reply_to_message_id;
  return id === undefined ? undefined : Number(id);
}

const sameKeyboard = (a: Keyboard | undefined, b: Keyboard | undefined) =>
  JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/**
 * A local Telegram Bot API on 127.0.0.1 for telegraf: `POST /bot{token}/{method}` with JSON (form and
 * query accepted too), answering `{ok, result}` or `{ok:false, error_code, description, parameters}`
 * with the HTTP status set to the error code. It keeps the chats' messages, enforces the 64-byte
 * `callback_data` limit and Telegram's flood limits (answering 429 with `retry_after` and recording the
 * violation), and can be scripted to fail. Tests drive it with {@link sendText} and {@link press}.
 */
export class TelegramEmulator {
  readonly calls: TgCall[] = [];
  readonly messages: TgMessage[] = [];
  readonly violations: RateViolation[] = [];
  readonly answers: { callback_query_id: string; text?: string; show_alert?: boolean }[] = [];
  readonly botId: number;
  url = '';
  #updates: { update_id: number; [k: string]: unknown }[] = [];
  #nextUpdateId = 1;
  #nextMessageId = new Map<number, number>();
  #waiters = new Set<() => void>();
  #script: { method: string; fail: Scripted }[] = [];
  #server: Server;
  #nextQueryId = 1;
  #webhook: { url: string; secret: string | undefined } | undefined;
  #deliveries: Promise<void> = Promise.resolve();
  /** Webhook deliveries: the update and the HTTP status our server answered (0 = connection failed). */
  readonly webhookDeliveries: { update_id: number; status: number }[] = [];
  /** getUpdates requests received (they are not recorded in `calls`). */
  pollCount = 0;

  constructor(readonly opts: TelegramEmulatorOptions) {
    this.botId = opts.botId ?? 7_000_000_001;
    this.#server = createServer((req, res) => void this.#serve(req, res));
  }

  async start(port = 0): Promise<this> {
    this.url = await listenLocal(this.#server, port);
    return this;
  }

  /** The `apiRoot` to give telegraf (with the trailing slash it needs). */
  get apiRoot(): string {
    return `${this.url}/`;
  }

  /** The next `times` calls of `method` ('*' = any except getUpdates) fail as scripted. */
  failNext(method: string, fail: Scripted, times = 1): void {
    for (let i = 0; i < times; i++) this.#script.push({ method, fail });
  }

  /** Drops the scripted failures not used yet (an outage scripted with `failNext` ends). */
  clearFailures(): void {
    this.#script = [];
  }

  /** Messages the bot sent to a chat (including ones later deleted), oldest first. */
  sentTo(chatId: number): TgMessage[] {
    return this.messages.filter((m) => m.chatId === chatId);
  }

  message(chatId: number, messageId: number): TgMessage | undefined {
    return this.messages.find((m) => m.chatId === chatId && m.messageId === messageId);
  }

  callsOf(method: string): TgCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Queues a text message from a user, as an `update.message`; commands get a bot_command entity. */
  sendText(o: { chatId: number; from: TgUser; text: string; replyTo?: number; chatType?: string }): number {
    const chatType = o.chatType ?? (o.chatId < 0 ? 'supergroup' : 'private');
    const replied = o.replyTo === undefined ? undefined : this.message(o.chatId, o.replyTo);
    const command = /^\/\w+(@\w+)?/.exec(o.text);
    return this.#push({
      message: {
        message_id: this.#messageId(o.chatId),
        from: { is_bot: false, ...o.from },
        chat: { id: o.chatId, type: chatType, ...(o.chatId < 0 ? { title: 'Модерация' } : o.from) },
        date: Math.floor(Date.now() / 1000),
        text: o.text,
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
        ...(replied ? { reply_to_message: this.#asApiMessage(replied) } : {}),
      },
    });
  }

  /** Queues a button press on a message the bot sent, as an `update.callback_query`; returns its id. */
  press(o: { chatId: number; messageId: number; from: TgUser; data: string }): string {
    const id = `cq${this.#nextQueryId++}`;
    const msg = this.message(o.chatId, o.messageId);
    this.#push({
      callback_query: {
        id,
        from: { is_bot: false, ...o.from },
        chat_instance: `ci${o.chatId}`,
        data: o.data,
        message: msg
          ? this.#asApiMessage(msg)
          : { message_id: o.messageId, chat: { id: o.chatId, type: 'supergroup' }, date: 0 },
      },
    });
    return id;
  }

  /** Waits until `pred` holds (polling every 20 ms) or throws after `timeoutMs`. */
  async waitFor<T>(pred: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = pred();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > end) throw new Error(`telegram emulator: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Updates not yet confirmed by a getUpdates offset. */
  get pendingUpdates(): number {
    return this.#updates.length;
  }

  async close(): Promise<void> {
    for (const w of this.#waiters) w();
    await closeServer(this.#server);
  }

  #messageId(chatId: number): number {
    const n = (this.#nextMessageId.get(chatId) ?? 0) + 1;
    this.#nextMessageId.set(chatId, n);
    return n;
  }

  #push(update: Record<string, unknown>): number {
    const update_id = this.#nextUpdateId++;
    const full = { update_id, ...update };
    if (this.#webhook) {
      const hook = this.#webhook;
      this.#deliveries = this.#deliveries.then(() => this.#deliver(hook, full));
      return update_id;
    }
    this.#updates.push(full);
    for (const w of this.#waiters) w();
    return update_id;
  }

  /** Delivers an update to the webhook like Telegram: POST JSON with the secret header, retried on non-2xx. */
  async #deliver(
    hook: { url: string; secret: string | undefined },
    update: { update_id: number },
  ): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      let status = 0;
      try {
        const res = await fetch(hook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(hook.secret ? { 'x-telegram-bot-api-secret-token': hook.secret } : {}),
          },
          body: JSON.stringify(update),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        // Connection refused or reset: recorded as status 0 and retried.
      }
      this.webhookDeliveries.push({ update_id: update.update_id, status });
      if (status >= 200 && status < 300) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Sends an update to the webhook again, as Telegram does when it is unsure it was received. */
  redeliver(update_id: number, update: Record<string, unknown>): Promise<void> {
    const hook = this.#webhook;
    if (!hook) return Promise.resolve();
    this.#deliveries = this.#deliveries.then(() => this.#deliver(hook, { ...update, update_id }));
    return this.#deliveries;
  }

  /** The webhook set with setWebhook, if any. */
  get webhook(): { url: string; secret: string | undefined } | undefined {
    return this.#webhook;
  }

  /** Waits until every webhook delivery queued so far has finished. */
  async webhookIdle(): Promise<void> {
    await this.#deliveries;
  }

  #asApiMessage(m: TgMessage) {
    return {
      message_id: m.messageId,
      from: { id: this.botId, is_bot: true, first_name: 'Strazh' },
      chat: { id: m.chatId, type: m.chatId < 0 ? 'supergroup' : 'private' },
      date: Math.floor(m.sentAt / 1000),
      text: m.text,
      ...(m.keyboard ? { reply_markup: { inline_keyboard: m.keyboard } } : {}),
    };
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const raw = await readBody(req);
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!m) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== this.opts.token) return this.#send(res, fail(401, 'Unauthorized'));
    const method = m[2] ?? '';
    const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    const type = req.headers['content-type'] ?? '';
    try {
      if (type.includes('application/json') && raw) Object.assign(params, JSON.parse(raw));
      else if (raw) for (const [k, v] of new URLSearchParams(raw)) params[k] = v;
    } catch {
      return this.#send(res, fail(400, 'Bad Request: invalid JSON'));
    }
    if (method !== 'getUpdates') this.calls.push({ method, params, at: Date.now() });
    if (method === 'getUpdates') {
      this.pollCount++;
      if (this.#webhook)
        return this.#send(
          res,
          fail(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
          ),
        );
      let gone = false;
      res.once('close', () => (gone = true));
      const reply = await this.#getUpdates(params, () => gone);
      if (!gone) this.#send(res, reply);
      return;
    }
    const idx = this.#script.findIndex((s) => s.method === method || s.method === '*');
    if (idx >= 0) {
      const [s] = this.#script.splice(idx, 1);
      if (s) return this.#send(res, this.#scripted(s.fail));
    }
    this.#send(res, this.#call(method, params));
  }

  #send(res: ServerResponse, r: Reply): void {
    sendJson(res, r.status, r.body);
  }

  #scripted(f: Scripted): Reply {
    switch (f.kind) {
      case 'retry_after':
        return fail(429, `Too Many Requests: retry after ${f.seconds}`, { retry_after: f.seconds });
      case 'not_modified':
        return fail(
          400,
          'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
        );
      case 'not_found':
        return fail(400, 'Bad Request: message to edit not found');
      case 'conflict':
        return fail(409, 'Conflict: terminated by other getUpdates request');
      case 'server_error':
        return fail(500, 'Internal Server Error');
      case 'kicked':
        return fail(403, 'Forbidden: bot was kicked from the supergroup chat');
    }
  }

  async #getUpdates(p: Record<string, unknown>, gone: () => boolean): Promise<Reply> {
    const offset = Number(p.offset ?? 0);
    // "An update is considered confirmed as soon as getUpdates is called with an offset higher than its update_id."
    if (offset > 0) this.#updates = this.#updates.filter((u) => u.update_id >= offset);
    const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100)));
    const holdMs = Math.min(Number(p.timeout ?? 0) * 1000, this.opts.pollCapMs ?? 300);
    if (this.#updates.length === 0 && holdMs > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          this.#waiters.delete(done);
          resolve();
        };
        const t = setTimeout(done, holdMs);
        this.#waiters.add(done);
      });
    }
    if (gone()) return ok([]);
    return ok(this.#updates.slice(0, limit));
  }

  #rateCheck(chatId: number, now: number): string | undefined {
    const lim = this.opts.limits;
    if (!lim) return undefined;
    const recent = this.messages.filter((m) => m.chatId === chatId && now - m.sentAt < lim.windowMs);
    if (chatId < 0 && recent.length >= lim.groupMax)
      return `${recent.length + 1} messages in ${lim.windowMs} ms (limit ${lim.groupMax})`;
    const last = recent.at(-1);
    if (last && now - last.sentAt < lim.chatMinIntervalMs)
      return `${now - last.sentAt} ms after the previous message (minimum ${lim.chatMinIntervalMs})`;
    return undefined;
  }

  #call(method: string, p: Record<string, unknown>): Reply {
    const chatId = Number(p.chat_id);
    switch (method) {
      case 'getMe':
        return ok({
          id: this.botId,
          is_bot: true,
          first_name: 'Strazh',
          username: this.opts.botUsername ?? 'strazh_test_bot',
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        });
      case 'deleteWebhook':
        this.#webhook = undefined;
        return ok(true);
      case 'setWebhook': {
        const url = typeof p.url === 'string' ? p.url : '';
        if (!url) {
          this.#webhook = undefined;
          return ok(true);
        }
        this.#webhook = { url, secret: typeof p.secret_token === 'string' ? p.secret_token : undefined };
        // Updates queued for getUpdates go to the new webhook.
        for (const u of this.#updates.splice(0)) {
          const hook = this.#webhook;
          this.#deliveries = this.#deliveries.then(() => this.#deliver(hook, u));
        }
        return ok(true);
      }
      case 'getWebhookInfo':
        return ok({
          url: this.#webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: this.#updates.length,
        });
      case 'setMyCommands':
        return ok(true);
      case 'sendMessage': {
        const text = typeof p.text === 'string' ? p.text : '';
        if (!Number.isFinite(chatId)) return fail(400, 'Bad Request: chat not found');
        if (text.length === 0) return fail(400, 'Bad Request: message text is empty');
        if (visibleLength(text, p.parse_mode) > 4096) return fail(400, 'Bad Request: message is too long');
        const keyboard = this.#keyboard(p.reply_markup);
        if (keyboard === 'invalid') return fail(400, 'Bad Request: BUTTON_DATA_INVALID');
        const now = Date.now();
        const broken = this.#rateCheck(chatId, now);
        if (broken) {
          this.violations.push({ chatId, at: now, reason: broken });
          return fail(429, 'Too Many Requests: retry after 1', { retry_after: 1 });
        }
        const msg: TgMessage = {
          chatId,
          messageId: this.#messageId(chatId),
          text,
          parseMode: typeof p.parse_mode === 'string' ? p.parse_mode : undefined,
          keyboard,
          replyTo: replyTarget(p),
          sentAt: now,
          editedAt: undefined,
          deleted: false,
          versions: [text],
        };
        this.messages.push(msg);
        return ok({ ...this.#asApiMessage(msg), date: Math.floor(now / 1000) });
      }
      case 'answerCallbackQuery':
        this.answers.push({
          callback_query_id: String(p.callback_query_id),
          ...(typeof p.text === 'string' ? { text: p.text } : {}),
          ...(p.show_alert === true || p.show_alert === 'true' ? { show_alert: true } : {}),
        });
        return ok(true);
      case 'editMessageText':
      case 'editMessageReplyMarkup': {
        const msg = this.message(chatId, Number(p.message_id));
        if (!msg || msg.deleted) return fail(400, 'Bad Request: message to edit not found');
        const keyboard = this.#keyboard(p.reply_markup);
        if (keyboard === 'invalid') return fail(400, 'Bad Request: BUTTON_DATA_INVALID');
        const text = method === 'editMessageText' ? (typeof p.text === 'string' ? p.text : '') : msg.text;
        if (text === msg.text && sameKeyboard(keyboard, msg.keyboard)) {
          return this.#scripted({ kind: 'not_modified' });
        }
        msg.text = text;
        if (msg.versions.at(-1) !== text) msg.versions.push(text);
        msg.keyboard = keyboard;
        if (method === 'editMessageText')
          msg.parseMode = typeof p.parse_mode === 'string' ? p.parse_mode : undefined;
        msg.editedAt = Date.now();
        return ok(this.#asApiMessage(msg));
      }
      case 'deleteMessage': {
        const msg = this.message(chatId, Number(p.message_id));
        if (!msg || msg.deleted) return fail(400, 'Bad Request: message to delete not found');
        msg.deleted = true;
        return ok(true);
      }
      default:
        return fail(404, 'Not Found');
    }
  }

  /** Validates `reply_markup.inline_keyboard`; 'invalid' when a callback_data breaks the 1–64 byte rule. */
  #keyboard(markup: unknown): Keyboard | undefined | 'invalid' {
    const parsed: unknown = typeof markup === 'string' ? JSON.parse(markup) : markup;
    const rows = (parsed as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
    if (!Array.isArray(rows)) return undefined;
    const out: InlineButton[][] = [];
    for (const row of rows as unknown[]) {
      if (!Array.isArray(row)) return 'invalid';
      const r: InlineButton[] = [];
      for (const b of row as { text?: unknown; callback_data?: unknown }[]) {
        const data = b.callback_data;
        if (data !== undefined) {
          const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : 0;
          if (bytes < 1 || bytes > 64) return 'invalid';
        }
        r.push({
          text: typeof b.text === 'string' ? b.text : '',
          ...(typeof data === 'string' ? { callback_data: data } : {}),
        });
      }
      out.push(r);
    }
    return out.length > 0 ? out : undefined;
  }
}
