import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { closeServer, listenLocal, readBody, sendJson } from './http-util.ts';

/** One API call the emulator received. */
export interface VkCall {
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  readonly token: string;
  readonly at: number;
  /** When the answer was sent back. */
  answeredAt?: number;
}

export interface VkEmulatorOptions {
  readonly groupId: number;
  /** Community token: reading, long poll. Deletions with it get error 27, as on VK. */
  readonly communityToken: string;
  /** A community admin's user token: deletions and bans. */
  readonly userToken: string;
}

const USER_ONLY = new Set([
  'wall.deleteComment',
  'photos.deleteComment',
  'video.deleteComment',
  'market.deleteComment',
  'wall.delete',
  'wall.restoreComment',
  'photos.restoreComment',
  'video.restoreComment',
  'market.restoreComment',
  'wall.restore',
  'groups.ban',
  'groups.unban',
]);
const DELETE_METHODS = new Set(
  [...USER_ONLY].filter((m) => m.includes('delete')).concat('board.deleteComment'),
);

/** One call inside an `execute`, its parameters as strings (as a form body would carry them). */
export interface VkExecuteSubCall {
  readonly method: string;
  readonly params: Record<string, string>;
}

/** Index just past the JSON object that starts at `from`, or -1 (strings may hold braces). */
function objectEnd(s: string, from: number): number {
  if (s[from] !== '{') return -1;
  let depth = 0;
  let inString = false;
  for (let i = from; i < s.length; i++) {
    const ch = s[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * Reads the only VKScript the emulator understands, `return [API.<method>(<JSON object>), ...];`
 * (the form vk-io and Strazh send); anything else is undefined, which VK would answer with error 12.
 * Parameter values must be strings, numbers or booleans and become strings, as in a plain request.
 */
export function parseExecuteCode(code: string): VkExecuteSubCall[] | undefined {
  const m = /^\s*return\s*\[([\s\S]*)\]\s*;?\s*$/.exec(code);
  if (!m) return undefined;
  const body = m[1] ?? '';
  const calls: VkExecuteSubCall[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < body.length && /\s/.test(body[i] ?? '')) i++;
  };
  skipSpace();
  if (i === body.length) return calls;
  for (;;) {
    const head = /^API\.([a-z]+\.[a-zA-Z]+)\(\s*/.exec(body.slice(i));
    if (!head) return undefined;
    i += head[0].length;
    const params: Record<string, string> = {};
    if (body[i] !== ')') {
      const end = objectEnd(body, i);
      if (end < 0) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.slice(i, end));
      } catch {
        return undefined;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      for (const [k, v] of Object.entries(parsed)) {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined;
        params[k] = String(v);
      }
      i = end;
      skipSpace();
    }
    if (body[i] !== ')') return undefined;
    i++;
    calls.push({ method: head[1] ?? '', params });
    skipSpace();
    if (i === body.length) return calls;
    if (body[i] !== ',') return undefined;
    i++;
    skipSpace();
  }
}

/** VK runs at most 25 API calls in one `execute`. */
const EXECUTE_MAX_CALLS = 25;

/** One Callback / Long Poll event envelope as VK sends it. */
export interface VkEvent {
  readonly type: string;
  readonly group_id: number;
  readonly event_id: string;
  readonly v: string;
  readonly object: Record<string, unknown>;
  readonly secret?: string;
}

/** Scripted answers of the long poll server. */
export type VkLpFailure = 1 | 2 | 3;

const BAD_GATEWAY = { status: 502, body: null, raw: '<html>Bad Gateway</html>' } as const;
const BAD_TOKEN = 'User authorization failed: invalid access_token';
const GROUP_AUTH = 'Group authorization failed: method is unavailable with group auth.';
const BAD_PARAM = 'One of the parameters specified was missing or invalid';

function errorAnswer(method: string, code: number, msg: string): { status: number; body: unknown } {
  return {
    status: 200,
    body: { error: { error_code: code, error_msg: msg, request_params: [{ key: 'method', value: method }] } },
  };
}

/**
 * A local stand-in for the VK API on 127.0.0.1, speaking its wire format: `POST /method/{name}` with a
 * form body, `{response}` or `{error}` with HTTP 200. It checks tokens, records every call, remembers
 * deleted comments and can be scripted to fail (error 6, 9, 15, 27, …) or to answer non-JSON.
 *
 * `execute` runs each call of its code like a plain call (recorded in {@link calls}, same answers),
 * collecting failures as `false` plus an `execute_errors` entry. Scripted faults for a method hit its
 * calls inside an `execute` that way; faults for `'execute'` or `'*'` (error 6, an outage, a 502
 * page) hit the whole request, as VK's rate limit does; an `'html'` fault for a method inside it
 * also fails the whole request (one HTTP answer), before any of its calls is carried out.
 */
export class VkEmulator {
  /** Every API call: plain requests and each call inside an `execute`. */
  readonly calls: VkCall[] = [];
  /** Every `execute` request itself (params hold its `code`). */
  readonly executes: VkCall[] = [];
  readonly deleted = new Set<string>();
  readonly banned = new Map<string, Record<string, string>>();
  /** Posts on the community wall, any order (`wall.get` answers newest first, pinned on top). */
  readonly posts: { id: number; date: number; fromId: number; pinned?: boolean }[] = [];
  /** Every `a_check` request the long poll server received (key and ts as sent). */
  readonly lpRequests: { key: string; ts: string; wait: string }[] = [];
  #script: { method: string; code: number | 'html' }[] = [];
  #lpScript: VkLpFailure[] = [];
  /** All long poll events ever queued; `ts` N means "events from index N on". */
  #lpEvents: VkEvent[] = [];
  #lpKey = 'k1';
  #lpKeySeq = 1;
  #lpWaiters = new Set<() => void>();
  #delays = new Map<string, number>();
  #outage: { method: string; code: number | 'html'; until: number } | undefined;
  /** Called for every API call received (benchmarks time platform actions with it). */
  onCall: ((call: VkCall) => void) | undefined;
  #server: Server;
  url = '';
  /** Longest the long poll server holds a request (tests want it short). */
  lpHoldMs = 500;

  constructor(readonly opts: VkEmulatorOptions) {
    this.#server = createServer((req, res) => {
      if ((req.url ?? '').startsWith('/lp')) {
        void this.#longPoll(req.url ?? '').then(
          (body) => sendJson(res, 200, body),
          () => sendJson(res, 500, { error: 'emulator failure' }),
        );
        return;
      }
      void this.#handle(req.method ?? 'GET', req.url ?? '/', readBody(req)).then(
        ({ status, body, raw }) => {
          if (raw !== undefined) {
            res.writeHead(status, { 'content-type': 'text/html' });
            res.end(raw);
          } else sendJson(res, status, body);
        },
        () => sendJson(res, 500, { error: 'emulator failure' }),
      );
    });
  }

  async start(port = 0): Promise<this> {
    this.url = await listenLocal(this.#server, port);
    return this;
  }

  /** Base URL to give vk-io as `apiBaseUrl`. */
  get apiBaseUrl(): string {
    return `${this.url}/method`;
  }

  /**
   * The next `times` calls of `method` (or any request with '*') fail with `code`; 'html' answers
   * non-JSON. Inside an `execute` a method's fault fails that call only; see the class comment.
   */
  failNext(method: string, code: number | 'html', times = 1): void {
    for (let i = 0; i < times; i++) this.#script.push({ method, code });
  }

  /** The next long poll requests answer `{failed: n}` (in order). */
  failLongPoll(...failures: VkLpFailure[]): void {
    this.#lpScript.push(...failures);
  }

  /**
   * The long poll key expires, as VK's do after some hours: requests with the old key — the one held
   * open too — answer `{failed: 2}`, and the events stay for whoever asks with a new key and the old ts.
   */
  expireLongPollKey(): void {
    this.#lpKey = `k${++this.#lpKeySeq}`;
  }

  /** Queues events for the long poll server (as VK would, without `secret`). */
  pushLongPoll(...events: VkEvent[]): void {
    for (const e of events) {
      const { secret: _secret, ...rest } = e;
      this.#lpEvents.push(rest);
    }
    for (const wake of this.#lpWaiters) wake();
  }

  async #longPoll(rawUrl: string): Promise<unknown> {
    const q = new URL(rawUrl, 'http://x').searchParams;
    const key = q.get('key') ?? '';
    const tsParam = q.get('ts') ?? '';
    this.lpRequests.push({ key, ts: tsParam, wait: q.get('wait') ?? '' });
    const nextTs = () => String(this.#lpEvents.length + 1);
    const failure = this.#lpScript.shift();
    if (failure === 1) return { failed: 1, ts: this.#lpEvents.length + 1 };
    if (failure === 2) {
      this.#lpKey = `k${++this.#lpKeySeq}`;
      return { failed: 2 };
    }
    if (failure === 3) return { failed: 3 };
    if (q.get('act') !== 'a_check' || key !== this.#lpKey) return { failed: 2 };
    const from = Math.max(1, Number(tsParam) || 1) - 1;
    if (from >= this.#lpEvents.length) {
      const wait = Math.min(Number(q.get('wait') ?? '25') * 1000, this.lpHoldMs);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#lpWaiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, wait);
        this.#lpWaiters.add(done);
      });
      if (key !== this.#lpKey) return { failed: 2 };
    }
    return { ts: nextTs(), updates: this.#lpEvents.slice(from) };
  }

  /** Every call of `method` ('*' = all) fails with `code` ('html' = a 502 page) for the next `ms`. */
  failFor(method: string, code: number | 'html', ms: number): void {
    this.#outage = { method, code, until: Date.now() + ms };
  }

  /** Holds every answer to `method` for `ms` (0 removes the delay): a slow platform, for crash tests. */
  delay(method: string, ms: number): void {
    if (ms > 0) this.#delays.set(method, ms);
    else this.#delays.delete(method);
  }

  callsOf(method: string): VkCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  deleteCalls(): VkCall[] {
    return this.calls.filter((c) => DELETE_METHODS.has(c.method));
  }

  async #handle(
    verb: string,
    rawUrl: string,
    bodyP: Promise<string>,
  ): Promise<{ status: number; body: unknown; raw?: string }> {
    const url = new URL(rawUrl, 'http://x');
    const m = /^\/method\/([\w.]+)$/.exec(url.pathname);
    const body = await bodyP;
    if (!m || (verb !== 'POST' && verb !== 'GET')) return { status: 404, body: { error: 'not found' } };
    const method = m[1] ?? '';
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    for (const [k, v] of new URLSearchParams(body)) params[k] = v;
    const token = params.access_token ?? '';
    delete params.access_token;
    if (method === 'execute') return this.#execute(params, token);
    const call: VkCall = { method, params, token, at: Date.now() };
    this.calls.push(call);
    this.onCall?.(call);
    const hold = this.#delays.get(method);
    if (hold) await new Promise((r) => setTimeout(r, hold));
    const err = (code: number, msg: string) => errorAnswer(method, code, msg);
    const fault = this.#fault((m) => m === '*' || m === method);
    if (fault?.code === 'html') return BAD_GATEWAY;
    if (fault) return err(fault.code, fault.msg);
    if (!this.#tokenKnown(token)) return err(5, BAD_TOKEN);
    if (USER_ONLY.has(method) && token !== this.opts.userToken) return err(27, GROUP_AUTH);
    const response = this.#respond(method, params);
    call.answeredAt = Date.now();
    if (response === undefined) return err(100, BAD_PARAM);
    return { status: 200, body: { response } };
  }

  #tokenKnown(token: string): boolean {
    return token === this.opts.userToken || token === this.opts.communityToken;
  }

  /** The scripted fault for a request, if any: an outage first, else the next matching `failNext`. */
  #fault(matches: (scripted: string) => boolean): { code: number | 'html'; msg: string } | undefined {
    const outage = this.#outage;
    if (outage && outage.until > Date.now() && matches(outage.method))
      return { code: outage.code, msg: 'Scripted outage' };
    const idx = this.#script.findIndex((s) => matches(s.method));
    if (idx < 0) return undefined;
    const [s] = this.#script.splice(idx, 1);
    return s && { code: s.code, msg: 'Scripted error' };
  }

  /** `execute`: each call of the code runs as a plain one would; see the class comment for faults. */
  async #execute(
    params: Record<string, string>,
    token: string,
  ): Promise<{ status: number; body: unknown; raw?: string }> {
    const request: VkCall = { method: 'execute', params, token, at: Date.now() };
    this.executes.push(request);
    const parsed = parseExecuteCode(params.code ?? '');
    // The calls inherit the request's own parameters (`v`, `lang`), as VK runs them in its version.
    const { code: _code, ...inherited } = params;
    const subs: VkCall[] = (parsed ?? []).map((c) => ({
      method: c.method,
      params: { ...inherited, ...c.params },
      token,
      at: request.at,
    }));
    for (const c of subs) {
      this.calls.push(c);
      this.onCall?.(c);
    }
    const hold = Math.max(
      0,
      ...['execute', ...subs.map((c) => c.method)].map((m) => this.#delays.get(m) ?? 0),
    );
    if (hold) await new Promise((r) => setTimeout(r, hold));
    const err = (code: number, msg: string) => errorAnswer('execute', code, msg);
    const whole = this.#fault((m) => m === '*' || m === 'execute');
    if (whole?.code === 'html') return BAD_GATEWAY;
    if (whole) return err(whole.code, whole.msg);
    if (!this.#tokenKnown(token)) return err(5, BAD_TOKEN);
    if (!parsed) return err(12, 'Unable to compile code');
    if (subs.length > EXECUTE_MAX_CALLS)
      return err(13, 'Runtime error occurred during code invocation: Too many API calls');
    const faults = subs.map((c) => this.#fault((m) => m === c.method));
    if (faults.some((f) => f?.code === 'html')) return BAD_GATEWAY;
    const response: unknown[] = [];
    const executeErrors: { method: string; error_code: number; error_msg: string }[] = [];
    subs.forEach((c, i) => {
      const fail = (code: number, msg: string) => {
        response.push(false);
        executeErrors.push({ method: c.method, error_code: code, error_msg: msg });
      };
      const f = faults[i];
      if (f && f.code !== 'html') return fail(f.code, f.msg);
      if (USER_ONLY.has(c.method) && token !== this.opts.userToken) return fail(27, GROUP_AUTH);
      const r = this.#respond(c.method, c.params);
      c.answeredAt = Date.now();
      if (r === undefined) return fail(100, BAD_PARAM);
      response.push(r);
    });
    request.answeredAt = Date.now();
    return {
      status: 200,
      body: { response, ...(executeErrors.length > 0 ? { execute_errors: executeErrors } : {}) },
    };
  }

  #respond(method: string, p: Record<string, string>): unknown {
    switch (method) {
      case 'groups.getById':
        return {
          groups: [{ id: this.opts.groupId, name: 'Администрация', screen_name: `club${this.opts.groupId}` }],
          profiles: [],
        };
      case 'groups.getLongPollServer':
        if (p.group_id !== String(this.opts.groupId)) return undefined;
        return { key: this.#lpKey, server: `${this.url}/lp`, ts: String(this.#lpEvents.length + 1) };
      case 'wall.get': {
        if (p.owner_id !== `-${this.opts.groupId}`) return undefined;
        const sorted = [...this.posts]
          .filter((x) => p.filter !== 'owner' || x.fromId === -this.opts.groupId)
          .sort((a, b) => Number(!!b.pinned) - Number(!!a.pinned) || b.date - a.date);
        const offset = Number(p.offset ?? '0');
        const items = sorted.slice(offset, offset + Number(p.count ?? '20')).map((x) => ({
          id: x.id,
          owner_id: -this.opts.groupId,
          from_id: x.fromId,
          date: x.date,
          text: '',
          ...(x.pinned ? { is_pinned: 1 } : {}),
        }));
        return { count: sorted.length, items };
      }
      case 'groups.ban':
        this.banned.set(p.owner_id ?? '', p);
        return 1;
      case 'groups.unban':
        this.banned.delete(p.owner_id ?? '');
        return 1;
      case 'wall.restoreComment':
      case 'photos.restoreComment':
      case 'video.restoreComment':
      case 'market.restoreComment':
      case 'board.restoreComment':
        this.deleted.delete(`${method.split('.')[0]}:${p.comment_id}`);
        return 1;
      case 'wall.restore':
        this.deleted.delete(`post:${p.post_id}`);
        return 1;
      case 'wall.delete':
        this.deleted.add(`post:${p.post_id}`);
        return 1;
      case 'wall.deleteComment':
        if (p.owner_id !== `-${this.opts.groupId}`) return undefined;
        this.deleted.add(`wall:${p.comment_id}`);
        return 1;
      default:
        if (DELETE_METHODS.has(method)) {
          const k = `${method.split('.')[0]}:${p.comment_id}`;
          const had = this.deleted.has(k);
          this.deleted.add(k);
          return had && (method === 'photos.deleteComment' || method === 'market.deleteComment') ? 0 : 1;
        }
        return 1;
    }
  }

  /** Any event envelope for this community, with a fresh `event_id`. */
  event(type: string, object: Record<string, unknown>, secret?: string): VkEvent {
    return {
      type,
      group_id: this.opts.groupId,
      event_id: randomUUID().replaceAll('-', ''),
      v: '5.199',
      ...(secret ? { secret } : {}),
      object,
    };
  }

  /** A `wall_post_new` envelope: a user's post on the community wall, or the community's own. */
  wallPost(o: { id: number; fromId: number; text: string; secret?: string; date?: number }): VkEvent {
    return this.event(
      'wall_post_new',
      {
        id: o.id,
        from_id: o.fromId,
        owner_id: -this.opts.groupId,
        date: o.date ?? Math.floor(Date.now() / 1000),
        text: o.text,
        post_type: 'post',
        attachments: [],
      },
      o.secret,
    );
  }

  /** A `wall_reply_new` Callback API body, as VK sends it. */
  wallReply(o: {
    id: number;
    fromId: number;
    text: string;
    postId?: number;
    secret?: string;
    date?: number;
  }): VkEvent {
    return {
      type: 'wall_reply_new',
      group_id: this.opts.groupId,
      event_id: randomUUID().replaceAll('-', ''),
      v: '5.199',
      ...(o.secret ? { secret: o.secret } : {}),
      object: {
        id: o.id,
        from_id: o.fromId,
        date: o.date ?? Math.floor(Date.now() / 1000),
        text: o.text,
        post_id: o.postId ?? 1,
        owner_id: -this.opts.groupId,
        post_owner_id: -this.opts.groupId,
        parents_stack: [],
        thread: { count: 0 },
        attachments: [],
      },
    };
  }

  /** Delivers a Callback API event like VK does; redeliveries carry `X-Retry-Counter`. */
  static async deliver(target: string, event: unknown, retry = 0): Promise<{ status: number; body: string }> {
    const res = await fetch(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(retry > 0 ? { 'x-retry-counter': String(retry) } : {}),
      },
      body: JSON.stringify(event),
    });
    return { status: res.status, body: await res.text() };
  }

  /**
   * Delivers like VK's Callback sender: posts until the answer is exactly `ok` (at most `tries`
   * times), adding `X-Retry-Counter` from the second attempt on. Returns every answer.
   */
  static async deliverUntilOk(
    target: string,
    event: unknown,
    tries = 5,
    pauseMs = 100,
  ): Promise<{ status: number; body: string }[]> {
    const answers: { status: number; body: string }[] = [];
    for (let i = 0; i < tries; i++) {
      const a = await VkEmulator.deliver(target, event, i);
      answers.push(a);
      if (a.status === 200 && a.body === 'ok') break;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
    return answers;
  }

  close(): Promise<void> {
    for (const wake of this.#lpWaiters) wake();
    return closeServer(this.#server);
  }
}
