import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { BaseRuleDef, RuleKind } from './rule-kind.ts';
import { RuleFileError } from './rule-file-error.ts';

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

type Path = readonly (string | number)[];

function lineOf(doc: Document, lc: LineCounter, path: Path): number {
  // Walk up the path until a node with a position is found (a missing key has none).
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lc.linePos(node.range[0]).line;
  }
  return 1;
}

function issueToError(file: string, doc: Document, lc: LineCounter, prefix: Path, issue: z.core.$ZodIssue) {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  const field = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
  return new RuleFileError(file, lineOf(doc, lc, path), field, issue.message);
}

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
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line ?? lc.linePos(yamlError.pos[0]).line;
    throw new RuleFileError(file, line, '', `invalid YAML: ${yamlError.message.split('\n')[0] ?? ''}`);
  }
  const parsed = fileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue) throw issueToError(file, doc, lc, [], issue);
  }
  const rules = parsed.data?.rules ?? [];
  return rules.map((raw, i) => {
    const kind = kinds.get(raw.kind);
    if (!kind) {
      throw new RuleFileError(
        file,
        lineOf(doc, lc, ['rules', i, 'kind']),
        `rules[${i}].kind`,
        `unknown rule kind "${raw.kind}"; allowed: ${[...kinds.keys()].join(', ')}`,
      );
    }
    const r = kind.schema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      if (issue) throw issueToError(file, doc, lc, ['rules', i], issue);
    }
    const def = r.data as BaseRuleDef;
    const lines = (key: 'should_match' | 'should_not_match') =>
      def[key].map((_, j) => lineOf(doc, lc, ['rules', i, key, j]));
    return {
      def,
      file,
      line: lineOf(doc, lc, ['rules', i]),
      exampleLines: { should_match: lines('should_match'), should_not_match: lines('should_not_match') },
    };
  });
}
