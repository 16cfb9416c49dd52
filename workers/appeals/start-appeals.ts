import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppealSetupHolder } from '../../config/appeals-loader.ts';
import type { Config } from '../../config/env.ts';
import type { AppealSetup } from '../../core/appeals/appeal-setup.ts';
import type { CommunityReplyInput } from '../../core/appeals/community-reply.ts';
import type { ModerationObserver } from '../moderation-observer.ts';
import { AppealClock } from './appeal-clock.ts';
import { AppealDesk } from './appeal-desk.ts';
import { AppealEventDispatcher } from './appeal-event-dispatcher.ts';
import { appealObserver } from './appeal-observer.ts';
import { AppealRegistry } from './appeal-registry.ts';
import type { AppealSink } from './appeal-sink.ts';

/** The appeal side of a running Strazh, for the bot, the audit store and tests. */
export interface AppealsRuntime {
  /** The files in force (reloaded when they change and `RULES_WATCH` is on). */
  readonly setup: () => AppealSetup;
  readonly registry: AppealRegistry;
  readonly desk: AppealDesk;
  readonly clock: AppealClock;
  /** Registered with the moderate worker's observers (observes only). */
  readonly observer: ModerationObserver;
  /**
   * Adds a sink once it exists (the Telegram bot starts after the register it needs); delivered only
   * where the clock runs, like the sinks given at start.
   */
  addSink(sink: AppealSink): void;
  /** Adapters call this for the community's own replies (answer detection). */
  onCommunityReply(reply: CommunityReplyInput): Promise<void>;
  close(): Promise<void>;
}

export interface StartAppealsDeps {
  readonly cfg: Config;
  readonly connection: Redis;
  readonly log: Logger;
  /** Run the reminder/escalation clock and deliver events to the sinks in this process. */
  readonly runClock: boolean;
  readonly sinks?: readonly AppealSink[];
  /** The register's clock: opening (reminder times), buttons, reminders and escalations. */
  readonly now?: (() => Date) | undefined;
}

/** Loads the appeal files and wires the register, the observer, the clock and the sink dispatchers. */
export async function startAppeals(deps: StartAppealsDeps): Promise<AppealsRuntime> {
  const { cfg, log } = deps;
  const holder = await AppealSetupHolder.open(cfg, log);
  const setup = (): AppealSetup => holder.current;
  if (cfg.RULES_WATCH) holder.watch();
  log.info(
    {
      detector: setup().detector.version,
      topics: setup().detector.topics.length,
      departments: setup().routing.departments.size,
    },
    'appeal files loaded',
  );
  const registry = new AppealRegistry(deps.connection, cfg.QUEUE_PREFIX);
  const now = deps.now ?? (() => new Date());
  const desk = new AppealDesk(registry, () => setup().routing, now);
  const clock = new AppealClock(registry, log, now);
  const dispatchers: { d: AppealEventDispatcher; conn: Redis }[] = [];
  const addSink = (sink: AppealSink): void => {
    if (!deps.runClock) return;
    // XREADGROUP BLOCK holds its connection; nothing would share a pipeline with it.
    const conn = deps.connection.duplicate({ enableAutoPipelining: false });
    conn.on('error', (err) =>
      log.warn({ err: err.message, sink: sink.name }, 'redis (appeal events) connection error'),
    );
    const d = new AppealEventDispatcher(conn, registry.keys, sink, log);
    d.start();
    dispatchers.push({ d, conn });
  };
  if (deps.runClock) {
    clock.start(cfg.APPEALS_TICK_MS);
    for (const sink of deps.sinks ?? []) addSink(sink);
  }
  return {
    setup,
    registry,
    desk,
    clock,
    observer: appealObserver({ setup, registry, log, now }),
    addSink,
    async onCommunityReply(reply) {
      const r = await registry.recordCommunityReply(reply);
      if (r.ok) log.info({ appeal: r.record.id, replyId: reply.replyId }, 'appeal answered on the platform');
    },
    async close() {
      holder.close();
      await clock.stop();
      await Promise.all(dispatchers.map((x) => x.d.stop()));
      await Promise.all(dispatchers.map((x) => x.conn.quit()));
    },
  };
}
