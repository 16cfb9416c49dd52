import http from 'node:http';
import https from 'node:https';
import { VK, type Context } from 'vk-io';
import type { VkAccount } from '../../config/accounts.ts';
import type { CursorStore } from '../cursor-store.ts';
import { healthReporter } from '../inbound-health.ts';
import type { Poller } from '../poller.ts';
import { ingestVkEvent, type VkIngestDeps } from './vk-ingest.ts';
import type { VkEnvelope } from './vk-event.ts';

const DEFAULT_API = 'https://api.vk.ru/method';

export interface VkLongPollDeps extends VkIngestDeps {
  /** Keeps the `ts` up to which every event is queued, so a restart resumes there. */
  readonly cursors: CursorStore;
}

/** vk-io keeps its long poll position private; it is read and seeded here to survive restarts. */
interface PollingPosition {
  ts: number | string;
}

/**
 * Bots Long Poll for one community, through vk-io's polling transport. `pollingGroupId` is always
 * set: without it vk-io falls back to the *user* Long Poll. vk-io handles `failed` 1/2/3 itself
 * (1: continue with the new ts; 2/3: fetch a new key via `groups.getLongPollServer`); on 2 the
 * position is kept (see `#keepPositionOnKeyRenewal`).
 *
 * vk-io does not await update handlers, so a comment that cannot be queued (Redis down) is retried
 * here in memory until it is in Redis or the poller is closed. The position (`ts`) is saved in Redis
 * whenever every event received so far is queued; a restart resumes from it, so events that arrived
 * while the daemon was down are still read (as long as VK keeps them; otherwise VK answers
 * `failed: 1` and polling continues from the present).
 */
export class VkLongPoll implements Poller {
  readonly #vk: VK;
  readonly #agent: http.Agent;
  readonly #inFlight = new Set<Promise<boolean>>();
  #closed = false;
  /** Position right after the newest batch dispatched so far. */
  #latestTs: string | undefined;
  /** An event was given up at shutdown: the position must not move past it any more. */
  #gaveUp = false;
  #queueFailing = false;
  #saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly account: VkAccount,
    communityToken: string,
    private readonly deps: VkLongPollDeps,
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
      // vk-io sets the next ts before it dispatches a batch, so this is the position after the batch.
      this.#latestTs = String(this.#position().ts);
      this.#track(this.#handle(ctx));
    });
  }

  #position(): PollingPosition {
    return (this.#vk.updates as unknown as { pollingTransport: PollingPosition }).pollingTransport;
  }

  get #scope(): string {
    return `vk-lp:${this.account.id}`;
  }

  get name(): string {
    return `vk-long-poll:${this.account.id}`;
  }

  #track(p: Promise<boolean>): void {
    this.#inFlight.add(p);
    void p.then((queued) => {
      this.#inFlight.delete(p);
      if (!queued) this.#gaveUp = true;
      const ts = this.#latestTs;
      if (this.#inFlight.size === 0 && !this.#gaveUp && ts !== undefined) {
        this.#saving = this.#saving
          .then(() => this.deps.cursors.set(this.#scope, 'ts', ts))
          .catch((err: unknown) =>
            this.deps.log.warn({ err, account: this.account.id }, 'vk long poll: ts not saved'),
          );
      }
    });
  }

  /** Resolves true once the event is queued (or deliberately ignored), false if given up at shutdown. */
  async #handle(ctx: Context): Promise<boolean> {
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
        this.deps.log.warn({ account: this.account.id, type }, 'vk long poll: event left for the next start');
        return false;
      }
      try {
        await ingestVkEvent(this.deps, this.account.id, env);
        this.#queueFailing = false;
        healthReporter(this.deps.onHealth, 'vk', 'poll').ok(this.account.id);
        return true;
      } catch (err) {
        this.#queueFailing = true;
        healthReporter(this.deps.onHealth, 'vk', 'poll').failed(this.account.id, 'could not queue');
        this.deps.log.error(
          { err, account: this.account.id, attempt },
          'vk long poll: could not queue; retrying',
        );
        await new Promise((r) => setTimeout(r, Math.min(this.retryDelayMs * attempt, 30_000)));
      }
    }
  }

  /**
   * vk-io answers `failed` 2 and 3 alike: it sets ts to 0 and restarts, taking the server's current
   * ts — dropping every event between our position and now. VK asks for a new key and the SAME ts on
   * failed 2 (the key expired, hours into a run) and for a new ts only on 3. vk-io shows neither the
   * code nor a hook, so its reset is held back once per position: the restart keeps our ts (its
   * `start()` keeps a non-zero one). Should VK refuse that position too, the next reset goes through.
   */
  #keepPositionOnKeyRenewal(): void {
    const transport = this.#position();
    let ts = transport.ts;
    let keptOnce: string | undefined;
    Object.defineProperty(transport, 'ts', {
      configurable: true,
      enumerable: true,
      get: () => ts,
      set: (next: number | string) => {
        const reset = Number(next) === 0 && Number(ts) !== 0;
        if (reset && keptOnce !== String(ts)) {
          keptOnce = String(ts);
          this.deps.log.info({ account: this.account.id, ts }, 'vk long poll: new key, same position');
          return;
        }
        ts = next;
      },
    });
  }

  /** Gets the long poll server and starts polling; rejects when VK refuses (bad token, not a group). */
  async start(): Promise<void> {
    const saved = await this.deps.cursors.get(this.#scope, 'ts');
    // vk-io keeps a non-zero ts instead of the one groups.getLongPollServer returns.
    if (saved) this.#position().ts = saved;
    this.#keepPositionOnKeyRenewal();
    await this.#vk.updates.startPolling();
    this.deps.log.info({ account: this.account.id, resumedFrom: saved }, 'vk long poll started');
  }

  /** vk-io restarts polling by itself; unhealthy while events cannot be queued (Redis down). */
  healthy(): boolean {
    return !this.#queueFailing;
  }

  /** Stops polling, gives queued events a moment to reach Redis, and drops the open connection. */
  async close(): Promise<void> {
    await this.#vk.updates.stop();
    // Events being queued right now finish (they only wait for Redis); retries stop.
    const pending = [...this.#inFlight];
    this.#closed = true;
    await Promise.allSettled(pending);
    await this.#saving;
    // The poll request in flight would otherwise stay open for up to `wait` (25 s).
    this.#agent.destroy();
  }
}
