import type { Redis } from 'ioredis';

/** A worker's dependencies as far as Redis goes: BullMQ's connection and, optionally, one for its own commands. */
export interface WorkerConnections {
  readonly connection: Redis;
  readonly commands?: Redis;
}

/** The connection a worker sends its own commands on (claims, markers): `commands` when given. */
export function commandsOf(deps: WorkerConnections): Redis {
  return deps.commands ?? deps.connection;
}
