import { createServer, type Server } from 'node:http';
import { okSig, okSigningSecret } from '../adapters/ok/ok-sign.ts';
import { closeServer, listenLocal, readBody, sendJson } from './http-util.ts';

/** One OK API call the emulator received (signature already checked). */
export interface OkCall {
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
}

export interface OkEmulatorOptions {
  readonly groupId: string;
  readonly applicationKey: string;
  readonly applicationSecretKey: string;
  readonly accessToken: string;
}

/** A comment as `discussions.getComments` returns it (plus the emulator's `deleted` flag). */
interface StoredComment {
  readonly id: string;
  readonly author_id: string;
  readonly author_name: string;
  /** Only on comments posted on behalf of the group: `GROUP`, with `author_ref` `group:<id>`. */
  readonly author_type?: string;
  readonly author_ref?: string;
  readonly text: string;
  readonly date_ms: number;
  readonly reply_to_comment_id?: string;
  /** Author of the comment replied to. */
  readonly reply_to_id?: string;
  deleted: boolean;
}

interface StoredTopic {
  readonly id: string;
  readonly created_ms: number;
  readonly author_ref: string;
  readonly comments: StoredComment[];
}

const anchorOf = (index: number): string => Buffer.from(`c${index}`).toString('base64url');
const indexOf = (anchor: string): number => {
  const m = /^c(\d+)$/.exec(Buffer.from(anchor, 'base64url').toString());
  return m ? Number(m[1]) : -1;
};

/**
 * A local stand-in for the OK REST API: `GET|POST /fb.do` with the `sig` recomputed and checked
 * (error 104 on mismatch), `mediatopic.getTopics`, `discussions.getComments` (opaque anchors, FORWARD
 * paging), `discussions.deleteDiscussionComment(s)`. Records calls; scripted errors and 5xx answers.
 */
export class OkEmulator {
  readonly calls: OkCall[] = [];
  readonly topics: StoredTopic[] = [];
  /** Page size cap, so tests can force several pages. */
  maxPage = 100;
  #script: { method: string; code: number | 'http500' }[] = [];
  #server: Server;
  url = '';

  constructor(readonly opts: OkEmulatorOptions) {
    this.#server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const r = this.#handle(req.url ?? '/', body);
        sendJson(res, r.status, r.body);
      });
    });
  }

  async start(port = 0): Promise<this> {
    this.url = await listenLocal(this.#server, port);
    return this;
  }

  /** Base URL for the account's `api_base_url`. */
  get apiBaseUrl(): string {
    return `${this.url}/`;
  }

  failNext(method: string, code: number | 'http500', times = 1): void {
    for (let i = 0; i < times; i++) this.#script.push({ method, code });
  }

  callsOf(method: string): OkCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  addTopic(id: string, byGroup = true): void {
    this.topics.unshift({
      id,
      created_ms: Date.now(),
      author_ref: byGroup ? `group:${this.opts.groupId}` : 'user:1',
      comments: [],
    });
  }

  #topic(topicId: string): StoredTopic {
    const t = this.topics.find((x) => x.id === topicId);
    if (!t) throw new Error(`no topic ${topicId}`);
    return t;
  }

  #replyFields(t: StoredTopic, replyTo: string | undefined) {
    if (replyTo === undefined) return {};
    const parent = t.comments.find((x) => x.id === replyTo);
    if (!parent) throw new Error(`no comment ${replyTo} in ${t.id}`);
    return { reply_to_comment_id: replyTo, reply_to_id: parent.author_id };
  }

  /** A resident's comment (optionally a reply to another comment of the topic). */
  addComment(
    topicId: string,
    c: { id: string; authorId: string; authorName?: string; text: string; replyTo?: string; dateMs?: number },
  ): void {
    const t = this.#topic(topicId);
    t.comments.push({
      id: c.id,
      author_id: c.authorId,
      author_name: c.authorName ?? 'Иван',
      text: c.text,
      date_ms: c.dateMs ?? Date.now(),
      ...this.#replyFields(t, c.replyTo),
      deleted: false,
    });
  }

  /**
   * A comment an administrator posted on behalf of the group, answering `replyTo` when given. OK shows
   * the group as its author; the fields follow what community clients read (`author_id` is the group).
   */
  addGroupComment(topicId: string, c: { id: string; text: string; replyTo?: string; dateMs?: number }): void {
    const t = this.#topic(topicId);
    t.comments.push({
      id: c.id,
      author_id: this.opts.groupId,
      author_name: 'Администрация',
      author_type: 'GROUP',
      author_ref: `group:${this.opts.groupId}`,
      text: c.text,
      date_ms: c.dateMs ?? Date.now(),
      ...this.#replyFields(t, c.replyTo),
      deleted: false,
    });
  }

  /** The anchor a reader that has seen every comment of the topic holds (undefined if it has none). */
  anchorAtEnd(topicId: string): string | undefined {
    const n = this.#topic(topicId).comments.length;
    return n === 0 ? undefined : anchorOf(n - 1);
  }

  #handle(rawUrl: string, body: string): { status: number; body: unknown } {
    const url = new URL(rawUrl, 'http://x');
    if (url.pathname !== '/fb.do')
      return { status: 404, body: { error_code: 3, error_msg: 'METHOD : not found', error_data: null } };
    const p: Record<string, string> = Object.fromEntries(url.searchParams);
    for (const [k, v] of new URLSearchParams(body)) p[k] = v;
    const err = (code: number, msg: string) => ({
      status: 200,
      body: { error_code: code, error_msg: msg, error_data: null },
    });
    if (!p.sig) return err(104, 'PARAM_SIGNATURE : No signature specified');
    if (p.application_key !== this.opts.applicationKey)
      return err(101, 'PARAM_API_KEY : Application key is invalid');
    const secret = okSigningSecret({
      accessToken: p.access_token ?? '',
      applicationSecretKey: this.opts.applicationSecretKey,
    });
    if (okSig(p, secret) !== p.sig) return err(104, 'PARAM_SIGNATURE : Invalid signature');
    if (p.access_token !== this.opts.accessToken) return err(102, 'PARAM_SESSION_EXPIRED : Session expired');
    const method = p.method ?? '';
    const params = { ...p };
    for (const k of ['sig', 'access_token', 'application_key', 'format', 'method']) delete params[k];
    this.calls.push({ method, params });
    const idx = this.#script.findIndex((s) => s.method === '*' || s.method === method);
    if (idx >= 0) {
      const [s] = this.#script.splice(idx, 1);
      if (s!.code === 'http500') return { status: 500, body: { error: 'internal' } };
      return err(s!.code, 'Scripted error');
    }
    switch (method) {
      case 'mediatopic.getTopics': {
        if (params.gid !== this.opts.groupId) return err(100, 'PARAM : gid');
        const count = Number(params.count ?? '20');
        return {
          status: 200,
          body: { media_topics: this.topics.slice(0, count).map(({ comments: _c, ...t }) => t) },
        };
      }
      case 'discussions.getComments':
        return this.#comments(params, err);
      case 'discussions.deleteDiscussionComment':
      case 'discussions.deleteDiscussionComments': {
        const t = this.topics.find((x) => x.id === params.discussionId);
        if (!t || params.discussionType !== 'GROUP_TOPIC') return err(300, 'NOT_FOUND : discussion');
        const ids = (params.comment_ids ?? params.comment_id ?? '').split(',');
        for (const id of ids) {
          const c = t.comments.find((x) => x.id === id);
          if (c) c.deleted = true;
        }
        return { status: 200, body: { success: true } };
      }
      default:
        return err(3, `METHOD : Method ${method} does not exist`);
    }
  }

  #comments(
    params: Record<string, string>,
    err: (code: number, msg: string) => { status: number; body: unknown },
  ): { status: number; body: unknown } {
    const t = this.topics.find((x) => x.id === params.discussionId);
    if (!t || params.discussionType !== 'GROUP_TOPIC') return err(300, 'NOT_FOUND : discussion');
    if ((params.direction ?? 'FORWARD') !== 'FORWARD') return err(100, 'PARAM : only FORWARD is emulated');
    const anchor = params.anchor ?? 'FIRST';
    let from: number;
    if (anchor === 'FIRST') from = 0;
    else if (anchor === 'LAST') from = t.comments.length;
    else {
      const i = indexOf(anchor);
      if (i < 0) return err(100, 'PARAM : anchor');
      from = i + 1;
    }
    const count = Math.min(Number(params.count ?? '20'), this.maxPage);
    const slice = t.comments.slice(from, from + count);
    const visible = slice.filter((c) => !c.deleted).map(({ deleted: _d, ...c }) => c);
    const last = from + slice.length - 1;
    return {
      status: 200,
      body: {
        comments: visible,
        has_more: from + slice.length < t.comments.length,
        ...(slice.length > 0
          ? { anchor: anchorOf(last) }
          : anchor === 'FIRST' || anchor === 'LAST'
            ? {}
            : { anchor }),
        discussionId: t.id,
        discussionType: 'GROUP_TOPIC',
      },
    };
  }

  close(): Promise<void> {
    return closeServer(this.#server);
  }
}
