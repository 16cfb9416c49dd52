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
  'groups.ban',
  'groups.unban',
]);
const DELETE_METHODS = new Set(
  [...USER_ONLY].filter((m) => m.includes('delete') || m === 'wall.delete').concat('board.deleteComment'),
);

/**
 * A local stand-in for the VK API on 127.0.0.1, speaking its wire format: `POST /method/{name}` with a
 * form body, `{response}` or `{error}` with HTTP 200. It checks tokens, records every call, remembers
 * deleted comments and can be scripted to fail (error 6, 9, 15, 27, …) or to answer non-JSON.
 */
export class VkEmulator {
  readonly calls: VkCall[] = [];
  readonly deleted = new Set<string>();
  readonly banned = new Map<string, Record<string, string>>();
  #script: { method: string; code: number | 'html' }[] = [];
  #delays = new Map<string, number>();
  #outage: { method: string; code: number | 'html'; until: number } | undefined;
  /** Called for every API call received (benchmarks time platform actions with it). */
  onCall: ((call: VkCall) => void) | undefined;
  #server: Server;
  url = '';

  constructor(readonly opts: VkEmulatorOptions) {
    this.#server = createServer((req, res) => {
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

  /** The next `times` calls of `method` (or any method with '*') fail with `code`; 'html' answers non-JSON. */
  failNext(method: string, code: number | 'html', times = 1): void {
    for (let i = 0; i < times; i++) this.#script.push({ method, code });
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
    const call: VkCall = { method, params, token, at: Date.now() };
    this.calls.push(call);
    this.onCall?.(call);
    const hold = this.#delays.get(method);
    if (hold) await new Promise((r) => setTimeout(r, hold));
    const err = (code: number, msg: string) => ({
      status: 200,
      body: {
        error: { error_code: code, error_msg: msg, request_params: [{ key: 'method', value: method }] },
      },
    });
    const outage = this.#outage;
    if (outage && outage.until > Date.now() && (outage.method === '*' || outage.method === method)) {
      if (outage.code === 'html') return { status: 502, body: null, raw: '<html>Bad Gateway</html>' };
      return err(outage.code, 'Scripted outage');
    }
    const idx = this.#script.findIndex((s) => s.method === '*' || s.method === method);
    if (idx >= 0) {
      const [s] = this.#script.splice(idx, 1);
      if (s?.code === 'html') return { status: 502, body: null, raw: '<html>Bad Gateway</html>' };
      if (s) return err(s.code, 'Scripted error');
    }
    if (token !== this.opts.userToken && token !== this.opts.communityToken) {
      return err(5, 'User authorization failed: invalid access_token');
    }
    if (USER_ONLY.has(method) && token !== this.opts.userToken) {
      return err(27, 'Group authorization failed: method is unavailable with group auth.');
    }
    const response = this.#respond(method, params);
    call.answeredAt = Date.now();
    return { status: 200, body: { response } };
  }

  #respond(method: string, p: Record<string, string>): unknown {
    switch (method) {
      case 'groups.getById':
        return {
          groups: [{ id: this.opts.groupId, name: 'Администрация', screen_name: `club${this.opts.groupId}` }],
          profiles: [],
        };
      case 'groups.ban':
        this.banned.set(p.owner_id ?? '', p);
        return 1;
      case 'groups.unban':
        this.banned.delete(p.owner_id ?? '');
        return 1;
      case 'wall.restoreComment':
        this.deleted.delete(`wall:${p.comment_id}`);
        return 1;
      case 'wall.delete':
        this.deleted.add(`post:${p.post_id}`);
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

  /** A `wall_reply_new` Callback API body, as VK sends it. */
  wallReply(o: {
    id: number;
    fromId: number;
    text: string;
    postId?: number;
    secret?: string;
    date?: number;
  }) {
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

  close(): Promise<void> {
    return closeServer(this.#server);
  }
}
