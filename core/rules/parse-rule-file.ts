import { z } from 'zod';
import type { BaseRuleDef, RuleKind } from './rule-kind.ts';
import { RuleFileError } from './rule-file-error.ts';
import { lineOf, parseLocatedYaml, validateLocated } from './located-yaml.ts';

/** A validated rule definition and where it stands in its file. */
export interface LocatedRuleDef {
  readonly def: BaseRuleDef;
  readonly file: string;
  /** 1-based line of the rule in its file. */
  readonly line: number;
  /** 1-based line of each `should_match` / `should_not_match` example. */
  readonly exampleLines: { readonly should_match: number[]; readonly should_not_match: number[] };
}

const fileSchema = z
  .object({
    version: z.literal(1),
    description: z.string().optional(),
    rules: z.array(z.object({ kind: z.string() }).loose()),
  })
  .strict();

/**
 * Parses and validates one rule file (YAML). Pure: takes the file's name and text.
 *
 * @throws {RuleFileError} with the file, line and field of the first problem found.
 */
export function parseRuleFile(
  file: string,
  source: string,
  kinds: ReadonlyMap<string, RuleKind>,
): LocatedRuleDef[] {
  const y = parseLocatedYaml(file, source);
  const parsed = validateLocated(y, fileSchema);
  const rules = parsed.rules;
  return rules.map((raw, i) => {
    const kind = kinds.get(raw.kind);
    if (!kind) {
      throw new RuleFileError(
        file,
        lineOf(y, ['rules', i, 'kind']),
        `rules[${i}].kind`,
        `unknown rule kind "${raw.kind}"; allowed: ${[...kinds.keys()].join(', ')}`,
      );
    }
    const def: BaseRuleDef = validateLocated(y, kind.schema, raw, ['rules', i]);
    const lines = (key: 'should_match' | 'should_not_match') =>
      def[key].map((_, j) => lineOf(y, ['rules', i, key, j]));
    return {
      def,
      file,
      line: lineOf(y, ['rules', i]),
      exampleLines: { should_match: lines('should_match'), should_not_match: lines('should_not_match') },
    };
  });
}
