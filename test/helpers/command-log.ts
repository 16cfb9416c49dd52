import type { Command, Redis } from 'ioredis';

/**
 * Records the names of the commands `redis` sends from now on (the connection is real; only its
 * `sendCommand` is wrapped), so a test can tell how many commands a batch cost.
 */
export function logCommands(redis: Redis): { readonly names: string[]; stop: () => void } {
  const names: string[] = [];
  const original = redis.sendCommand.bind(redis);
  redis.sendCommand = (command: Command, stream?: Parameters<Redis['sendCommand']>[1]) => {
    names.push(command.name);
    return original(command, stream);
  };
  return { names, stop: () => void (redis.sendCommand = original) };
}
