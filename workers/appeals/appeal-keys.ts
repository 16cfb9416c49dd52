// The `{appeals}` hash tag puts every appeal key in one Redis Cluster slot, so the Lua script that
// changes a record and its indexes together stays legal on a cluster.
const base = (prefix: string): string => `${prefix}:{appeals}`;

/** Redis keys of the appeal registry under a deployment prefix (QUEUE_PREFIX). */
export interface AppealKeys {
  readonly record: (id: string) => string;
  /** Waiting, not yet escalated appeals by deadline (ms): what the clock escalates. */
  readonly due: string;
  /** Waiting appeals by reminder time (ms). */
  readonly remind: string;
  /** All waiting appeals by deadline: `/appeals`. */
  readonly waiting: string;
  readonly waitingIn: (department: string) => string;
  /** Outbox stream of appeal events for sinks (bot, audit store). */
  readonly events: string;
  /** A community reply read before the appeal it answers was registered (JSON, with a TTL). */
  readonly earlyReply: (id: string) => string;
}

export function appealKeys(prefix: string): AppealKeys {
  const b = base(prefix);
  return {
    record: (id) => `${b}:a:${id}`,
    due: `${b}:due`,
    remind: `${b}:remind`,
    waiting: `${b}:waiting`,
    waitingIn: (department) => `${b}:waiting:${department}`,
    events: `${b}:events`,
    earlyReply: (id) => `${b}:early:${id}`,
  };
}
