import type { Redis } from 'ioredis';

/** A worker's dependencies as far as Redis goes. */
export interface WorkerConnections {
  /** BullMQ's connection (kept without auto-pipelining, which is reported to misbehave with it). */
  readonly connection: Redis;
  /** The connection for the worker's own commands (claims, run-once markers); `connection` when absent. */
  readonly commands?: Redis;
}

/** The connection a worker sends its own commands on (claims, markers): `commands` when given. */
export function commandsOf(deps: WorkerConnections): Redis {
  return deps.commands ?? deps.connection;
}
