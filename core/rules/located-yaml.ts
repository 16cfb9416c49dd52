import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { RuleFileError } from './rule-file-error.ts';

/** A parsed YAML file that still knows where every node came from, for errors an admin can act on. */
export interface LocatedYaml {
  readonly file: string;
  readonly doc: Document;
  readonly lc: LineCounter;
  /** The plain JS value of the document. */
  readonly data: unknown;
}

/** A path into a YAML document: keys and array indexes. */
export type YamlPath = readonly (string | number)[];

/**
 * Parses YAML text keeping positions. Duplicate keys are refused.
 *
 * @throws {RuleFileError} for invalid YAML, with the line of the problem.
 */
export function parseLocatedYaml(file: string, source: string): LocatedYaml {
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line ?? lc.linePos(yamlError.pos[0]).line;
    throw new RuleFileError(file, line, '', `invalid YAML: ${yamlError.message.split('\n')[0] ?? ''}`);
  }
  return { file, doc, lc, data: doc.toJS() as unknown };
}

/** 1-based line of the node at `path`, or of its nearest existing ancestor (a missing key has no node). */
export function lineOf(y: LocatedYaml, path: YamlPath): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = y.doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return y.lc.linePos(node.range[0]).line;
  }
  return 1;
}

/** `rules[2].words` style name of a path, as admins see it in the file. */
export function fieldName(path: YamlPath): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

/** Turns a zod issue found under `prefix` into a {@link RuleFileError} with file, line and field. */
export function issueToError(y: LocatedYaml, prefix: YamlPath, issue: z.core.$ZodIssue): RuleFileError {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  return new RuleFileError(y.file, lineOf(y, path), fieldName(path), issue.message);
}

/**
 * Validates the value at `prefix` (the whole document by default) with a zod schema.
 *
 * @throws {RuleFileError} for the first issue, with file, line and field.
 */
export function validateLocated<S extends z.ZodType>(
  y: LocatedYaml,
  schema: S,
  value: unknown = y.data,
  prefix: YamlPath = [],
): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw issue ? issueToError(y, prefix, issue) : new RuleFileError(y.file, lineOf(y, prefix), fieldName(prefix), 'invalid');
}
