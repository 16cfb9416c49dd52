import type { Logger } from 'pino';
import type { AppealRegistry } from './appeal-registry.ts';

export interface ClockTickResult {
  readonly reminded: readonly string[];
  readonly escalated: readonly string[];
}

/**
 * Sends reminders and escalations when their time comes. Several processes may tick at once: the
 * registry's compare-and-set lets only one of them change an appeal, so each event is published once.
 */
export class AppealClock {
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly registry: AppealRegistry,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One pass: reminders whose time came, then escalations of passed deadlines. */
  async tick(at: Date = this.now()): Promise<ClockTickResult> {
    const reminded: string[] = [];
    const escalated: string[] = [];
    for (const id of await this.registry.dueIds('remind', at)) {
      const r = await this.registry.act(id, { type: 'remind', at });
      if (r.ok) reminded.push(id);
    }
    for (const id of await this.registry.dueIds('escalate', at)) {
      const r = await this.registry.act(id, { type: 'escalate', at });
      if (r.ok) escalated.push(id);
    }
    if (reminded.length + escalated.length > 0)
      this.log.info({ reminded: reminded.length, escalated: escalated.length }, 'appeal clock');
    return { reminded, escalated };
  }

  start(everyMs: number): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.#tick = this.tick().catch((err: unknown) => this.log.error({ err }, 'appeal clock tick failed'));
    }, everyMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#tick;
  }
}
