import { createServer, type Server } from 'node:http';
import { hubSignature } from '../adapters/meta/hub-signature.ts';
import { closeServer, listenLocal, readBody, sendJson } from './http-util.ts';

/** One Graph API call the emulator received. */
export interface GraphCall {
  readonly method: string;
  /** Path without the version prefix, e.g. `1234_5678` or `111/blocked`. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly token: string;
}

/** A scripted failure: Graph error code (HTTP 400, or `status`), or a bare 5xx. */
export interface GraphFailure {
  readonly code?: number;
  readonly subcode?: number;
  readonly status?: number;
  /** Minutes reported in `X-Business-Use-Case-Usage.estimated_time_to_regain_access`. */
  readonly regainMinutes?: number;
}

export interface GraphEmulatorOptions {
  readonly accessTokens: readonly string[];
  /** Page or Instagram user id the usage header is reported for. */
  readonly businessId: string;
}

/**
 * A local stand-in for the Graph API (Facebook Pages and Instagram share it: choose the host by the
 * configured base URL). Speaks the wire format: an optional `/vNN.N` prefix, `access_token` or a
 * Bearer header, `{"error":{message,type,code,fbtrace_id}}` on failure, usage headers on every answer.
 * Records every call and remembers hidden / deleted comments and blocked (and unblocked) users.
 */
export class GraphEmulator {
  readonly calls: GraphCall[] = [];
  readonly hidden = new Set<string>();
  readonly deleted = new Set<string>();
  readonly blocked = new Set<string>();
  /** Published items per owner id (Page posts or Instagram media), unix seconds. */
  readonly published = new Map<string, { id: string; time: number }[]>();
  /** Page size of listing edges (tests force several pages). */
  pageSize = 100;
  #script: { match: string; failure: GraphFailure }[] = [];
  #callCount = 0;
  #server: Server;
  url = '';

  constructor(readonly opts: GraphEmulatorOptions) {
    this.#server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const r = this.#handle(req.method ?? 'GET', req.url ?? '/', req.headers.authorization, body);
        this.#callCount++;
        res.setHeader(
          'x-business-use-case-usage',
          JSON.stringify({
            [this.opts.businessId]: [
              {
                type: 'pages',
                call_count: Math.min(100, this.#callCount),
                total_cputime: 1,
                total_time: 1,
                estimated_time_to_regain_access: r.regainMinutes ?? 0,
              },
            ],
          }),
        );
        res.setHeader(
          'x-app-usage',
          JSON.stringify({ call_count: Math.min(100, this.#callCount), total_time: 1, total_cputime: 1 }),
        );
        if (r.raw !== undefined) {
          res.writeHead(r.status, { 'content-type': 'text/html' });
          res.end(r.raw);
        } else sendJson(res, r.status, r.body);
      });
    });
  }

  async start(port = 0): Promise<this> {
    this.url = await listenLocal(this.#server, port);
    return this;
  }

  /** The next `times` calls whose "METHOD path" contains `match` ('' = any) fail as described. */
  failNext(match: string, failure: GraphFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.#script.push({ match, failure });
  }

  callsTo(method: string, path?: string): GraphCall[] {
    return this.calls.filter((c) => c.method === method && (path === undefined || c.path === path));
  }

  #handle(
    verb: string,
    rawUrl: string,
    auth: string | undefined,
    body: string,
  ): { status: number; body?: unknown; raw?: string; regainMinutes?: number } {
    const url = new URL(rawUrl, 'http://x');
    const path = url.pathname.replace(/^\/v\d+\.\d+\//, '/').replace(/^\//, '');
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    for (const [k, v] of new URLSearchParams(body)) params[k] = v;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : (params.access_token ?? '');
    delete params.access_token;
    this.calls.push({ method: verb, path, params, token });
    const error = (
      status: number,
      code: number,
      message: string,
      subcode?: number,
      regainMinutes?: number,
    ) => ({
      status,
      regainMinutes,
      body: {
        error: {
          message,
          type: code === 190 ? 'OAuthException' : 'GraphMethodException',
          code,
          ...(subcode === undefined ? {} : { error_subcode: subcode }),
          fbtrace_id: `trace${this.calls.length}`,
        },
      },
    });
    const idx = this.#script.findIndex((s) => `${verb} ${path}`.includes(s.match));
    if (idx >= 0) {
      const [s] = this.#script.splice(idx, 1);
      const f = s!.failure;
      if (f.code === undefined) return { status: f.status ?? 500, raw: '<html>Internal Server Error</html>' };
      return error(f.status ?? 400, f.code, `(#${f.code}) Scripted error`, f.subcode, f.regainMinutes);
    }
    if (!this.opts.accessTokens.includes(token))
      return error(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    const listing = /^(\d+)\/(posts|media)$/.exec(path);
    if (listing && verb === 'GET') return { status: 200, body: this.#list(listing[1]!, listing[2]!, params) };
    const blocked = /^(\d+)\/blocked$/.exec(path);
    if (blocked && (verb === 'POST' || verb === 'DELETE')) {
      const user = params.user ?? params.uid ?? params.psid ?? params.asid;
      if (!user) return error(400, 100, '(#100) The parameter user is required');
      // Blocking answers a map of the ids given; unblocking (the edge's DELETE) answers `success`.
      if (verb === 'DELETE') {
        this.blocked.delete(user);
        return { status: 200, body: { success: true } };
      }
      this.blocked.add(user);
      return { status: 200, body: { [user]: true } };
    }
    if (!/^[\w]+$/.test(path)) return error(400, 100, '(#100) Unsupported request');
    if (this.deleted.has(path))
      return error(
        400,
        100,
        `Unsupported ${verb.toLowerCase()} request. Object with ID '${path}' does not exist`,
        33,
      );
    if (verb === 'DELETE') {
      this.deleted.add(path);
      return { status: 200, body: { success: true } };
    }
    if (verb === 'POST') {
      const flag = params.is_hidden ?? params.hide;
      if (flag === undefined) return error(400, 100, '(#100) Nothing to update');
      if (flag === 'true') this.hidden.add(path);
      else this.hidden.delete(path);
      return { status: 200, body: { success: true } };
    }
    return { status: 200, body: { id: path, hidden: this.hidden.has(path) } };
  }

  #list(owner: string, edge: string, params: Record<string, string>): unknown {
    const fmt = (sec: number) => new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, '+0000');
    const since = params.since ? Number(params.since) : -Infinity;
    const until = params.until ? Number(params.until) : Infinity;
    const all = [...(this.published.get(owner) ?? [])]
      .filter((x) => x.time >= since && x.time <= until)
      .sort((a, b) => b.time - a.time);
    const start = params.after ? Number(Buffer.from(params.after, 'base64url').toString()) : 0;
    const limit = Math.min(Number(params.limit ?? '25'), this.pageSize);
    const page = all.slice(start, start + limit);
    const field = edge === 'posts' ? 'created_time' : 'timestamp';
    const end = start + page.length;
    const after = Buffer.from(String(end)).toString('base64url');
    return {
      data: page.map((x) => ({ id: x.id, [field]: fmt(x.time) })),
      paging: {
        cursors: { before: Buffer.from(String(start)).toString('base64url'), after },
        ...(end < all.length ? { next: `${this.url}/v21.0/${owner}/${edge}?after=${after}` } : {}),
      },
    };
  }

  /** Webhook verification as Meta does it; returns the status and body of the answer. */
  static async verify(
    target: string,
    verifyToken: string,
    challenge = '1158201444',
  ): Promise<{ status: number; body: string }> {
    const u = new URL(target);
    u.searchParams.set('hub.mode', 'subscribe');
    u.searchParams.set('hub.challenge', challenge);
    u.searchParams.set('hub.verify_token', verifyToken);
    const res = await fetch(u);
    return { status: res.status, body: await res.text() };
  }

  /** Posts a notification signed over exactly the bytes sent (or with a forged signature). */
  static async deliver(
    target: string,
    notification: unknown,
    appSecret: string,
    opts: { forge?: boolean; rawBody?: string } = {},
  ): Promise<{ status: number; body: string }> {
    const raw = Buffer.from(opts.rawBody ?? JSON.stringify(notification), 'utf8');
    const sig = opts.forge ? hubSignature(raw, `${appSecret}-wrong`) : hubSignature(raw, appSecret);
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig },
      body: raw,
    });
    return { status: res.status, body: await res.text() };
  }

  /** Like Meta's sender: re-posts the same signed bytes until it gets a 200 (at most `tries` times). */
  static async deliverUntilOk(
    target: string,
    notification: unknown,
    appSecret: string,
    tries = 5,
    pauseMs = 100,
  ): Promise<{ status: number; body: string }[]> {
    const answers: { status: number; body: string }[] = [];
    for (let i = 0; i < tries; i++) {
      const a = await GraphEmulator.deliver(target, notification, appSecret);
      answers.push(a);
      if (a.status === 200) break;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
    return answers;
  }

  close(): Promise<void> {
    return closeServer(this.#server);
  }
}

/** Builds Page `feed` comment notifications as Meta sends them. */
export const facebookPayloads = {
  comment(o: {
    pageId: string;
    postId?: string;
    commentId: string;
    fromId: string;
    fromName?: string;
    message?: string;
    verb?: string;
    parentId?: string;
  }) {
    const postId = o.postId ?? `${o.pageId}_901097836652708`;
    return {
      field: 'feed',
      value: {
        item: 'comment',
        verb: o.verb ?? 'add',
        comment_id: o.commentId,
        post_id: postId,
        parent_id: o.parentId ?? postId,
        from: { id: o.fromId, name: o.fromName ?? 'Tester' },
        created_time: 1_700_000_000,
        ...(o.message === undefined ? {} : { message: o.message }),
      },
    };
  },
  notification(entries: { pageId: string; changes: unknown[] }[]) {
    return {
      object: 'page',
      entry: entries.map((e) => ({ id: e.pageId, time: 1_700_000_000, changes: e.changes })),
    };
  },
};

/** Builds Instagram `comments` / `live_comments` notifications in both of Meta's layouts. */
export const instagramPayloads = {
  comment(o: {
    id: string;
    fromId: string;
    username?: string;
    text: string;
    mediaId?: string;
    live?: boolean;
    idField?: 'id' | 'comment_id';
  }) {
    return {
      field: o.live ? 'live_comments' : 'comments',
      value: {
        from: { id: o.fromId, username: o.username ?? 'test' },
        media: { id: o.mediaId ?? '123123123', media_product_type: o.live ? 'LIVE' : 'FEED' },
        [o.idField ?? 'id']: o.id,
        text: o.text,
      },
    };
  },
  /** The reference layout: `entry[].changes[]`. */
  notification(igUserId: string, changes: unknown[]) {
    return { object: 'instagram', entry: [{ id: igUserId, time: 1_700_000_000, changes }] };
  },
  /** Meta's Instagram-Login example layout: `field`/`value` directly in the entry. */
  flatNotification(igUserId: string, change: { field: string; value: unknown }) {
    return { object: 'instagram', entry: [{ id: igUserId, time: 1_700_000_000, ...change }] };
  },
};
