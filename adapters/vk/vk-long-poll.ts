import http from 'node:http';
import https from 'node:https';
import { VK, type Context } from 'vk-io';
import type { VkAccount } from '../../config/accounts.ts';
import type { Poller } from '../poller.ts';
import { ingestVkEvent, type VkIngestDeps } from './vk-ingest.ts';
import type { VkEnvelope } from './vk-event.ts';

const DEFAULT_API = 'https://api.vk.ru/method';

/**
 * Bots Long Poll for one community, through vk-io's polling transport. `pollingGroupId` is always
 * set: without it vk-io falls back to the *user* Long Poll. vk-io handles `failed` 1/2/3 itself
 * (1: continue with the new ts; 2/3: fetch a new key via `groups.getLongPollServer`).
 *
 * vk-io does not await update handlers, so a comment that cannot be queued (Redis down) is retried
 * here in memory until it is in Redis or the poller is closed.
 */
export class VkLongPoll implements Poller {
  readonly #vk: VK;
  readonly #agent: http.Agent;
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;

  constructor(
    private readonly account: VkAccount,
    communityToken: string,
    private readonly deps: VkIngestDeps,
    private readonly retryDelayMs = 1000,
  ) {
    const base = (account.api_base_url ?? DEFAULT_API).replace(/\/$/, '');
    this.#agent = base.startsWith('http://')
      ? new http.Agent({ keepAlive: true })
      : new https.Agent({ keepAlive: true });
    this.#vk = new VK({
      token: communityToken,
      apiBaseUrl: base,
      pollingGroupId: Number(account.platform_ids.group_id),
      // The long poll server URL comes from groups.getLongPollServer; an http emulator needs an http agent.
      agent: this.#agent as https.Agent,
      pollingWait: 3000,
    });
    this.#vk.updates.use((ctx: Context) => {
      this.#track(this.#handle(ctx));
    });
  }

  get name(): string {
    return `vk-long-poll:${this.account.id}`;
  }

  #track(p: Promise<void>): void {
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p));
  }

  async #handle(ctx: Context): Promise<void> {
    // vk-io puts the raw event type last (comment contexts list e.g. ['wall_reply', 'wall_reply_new']).
    const type = ctx.subTypes.at(-1) ?? ctx.type;
    const env: VkEnvelope = {
      type,
      group_id: Number(this.account.platform_ids.group_id),
      // vk-io keeps the raw event object protected; mapping it ourselves keeps one path for both transports.
      object: (ctx as unknown as { payload: unknown }).payload,
    };
    for (let attempt = 1; ; attempt++) {
      if (this.#closed) {
        this.deps.log.warn({ account: this.account.id, type }, 'vk long poll: event dropped at shutdown');
        return;
      }
      try {
        await ingestVkEvent(this.deps, this.account.id, env);
        return;
      } catch (err) {
        this.deps.log.error(
          { err, account: this.account.id, attempt },
          'vk long poll: could not queue; retrying',
        );
        await new Promise((r) => setTimeout(r, Math.min(this.retryDelayMs * attempt, 30_000)));
      }
    }
  }

  /** Gets the long poll server and starts polling; rejects when VK refuses (bad token, not a group). */
  async start(): Promise<void> {
    await this.#vk.updates.startPolling();
    this.deps.log.info({ account: this.account.id }, 'vk long poll started');
  }

  /** Stops polling, gives queued events a moment to reach Redis, and drops the open connection. */
  async close(): Promise<void> {
    await this.#vk.updates.stop();
    // Events being queued right now finish (they only wait for Redis); retries stop.
    const pending = [...this.#inFlight];
    this.#closed = true;
    await Promise.allSettled(pending);
    // The poll request in flight would otherwise stay open for up to `wait` (25 s).
    this.#agent.destroy();
  }
}
