/** Every key the bot keeps in Redis lives under `<QUEUE_PREFIX>:tg:`, so tests and the demo can drop them. */
export const tgKey = (prefix: string, ...parts: readonly (string | number)[]): string =>
  [prefix, 'tg', ...parts].join(':');
