import type { Platform } from '../../core/comment.ts';
import { networkError } from '../platform-error.ts';
import { graphError, regainAccessMs, type GraphErrorBody } from './graph-errors.ts';

export interface GraphClientOptions {
  readonly platform: Platform;
  /** e.g. `https://graph.facebook.com` (the version is appended). */
  readonly baseUrl: string;
  readonly version: string;
  readonly accessToken: string;
  /** Back-off after a rate limit when the usage headers name no wait. */
  readonly rateLimitWaitMs: number;
  readonly timeoutMs?: number;
}

/**
 * A minimal Graph API client (Facebook Pages and Instagram share it): one request per call, errors
 * mapped to {@link PlatformError}s so the act queue decides about retries. The token goes in the
 * `Authorization` header, never in a URL that could be logged.
 */
export class GraphClient {
  constructor(private readonly opts: GraphClientOptions) {}

  /** @throws {PlatformError} */
  async request(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params: Readonly<Record<string, string>> = {},
  ): Promise<unknown> {
    const base = this.opts.baseUrl.replace(/\/$/, '');
    const url = new URL(`${base}/${this.opts.version}/${path.replace(/^\//, '')}`);
    const form = new URLSearchParams(params);
    if (method !== 'POST') for (const [k, v] of form) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.opts.accessToken}`,
          ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: method === 'POST' ? form.toString() : undefined,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw networkError(this.opts.platform, err);
    }
    const text = await res.text().catch(() => '');
    let body: { error?: GraphErrorBody } | undefined;
    try {
      body = JSON.parse(text) as { error?: GraphErrorBody };
    } catch {
      body = undefined;
    }
    if (body === undefined && res.status < 500)
      throw networkError(this.opts.platform, new Error(`non-JSON answer (HTTP ${res.status})`));
    if (!res.ok || body?.error || body === undefined) {
      const wait = regainAccessMs(res.headers.get('x-business-use-case-usage')) ?? this.opts.rateLimitWaitMs;
      throw graphError(this.opts.platform, res.status, body?.error, wait);
    }
    return body;
  }
}

interface GraphPage {
  readonly data?: readonly Record<string, unknown>[];
  readonly paging?: { readonly cursors?: { readonly after?: string }; readonly next?: string };
}

/**
 * Counts items of a newest-first Graph edge (`/{page-id}/posts`, `/{ig-user-id}/media`) whose time
 * field lies in `[from, to)`, following `after` cursors until the items are older than `from`.
 */
export async function countGraphItems(
  graph: GraphClient,
  edge: string,
  timeField: 'created_time' | 'timestamp',
  from: Date,
  to: Date,
  extra: Readonly<Record<string, string>> = {},
  maxPages = 20,
): Promise<number> {
  let n = 0;
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = (await graph.request('GET', edge, {
      fields: `id,${timeField}`,
      limit: '100',
      ...extra,
      ...(after ? { after } : {}),
    })) as GraphPage;
    let older = false;
    for (const item of res.data ?? []) {
      const t = Date.parse(String(item[timeField]).replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
      if (t >= from.getTime() && t < to.getTime()) n++;
      if (t < from.getTime()) older = true;
    }
    after = res.paging?.cursors?.after;
    if (older || !res.paging?.next || !after) break;
  }
  return n;
}
