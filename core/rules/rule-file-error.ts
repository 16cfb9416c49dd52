/** A rule file that cannot be used: where (file, 1-based line) and which field, in terms an admin can act on. */
export class RuleFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'RuleFileError';
  }
}
