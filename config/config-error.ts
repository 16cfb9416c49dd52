/** A setting that stops start-up: which key, what value it had, what is allowed. */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    readonly value: unknown,
    readonly allowed: string,
    readonly source = 'environment',
  ) {
    super(`Invalid ${source} setting ${key}=${JSON.stringify(value)}: ${allowed}`);
    this.name = 'ConfigError';
  }
}
