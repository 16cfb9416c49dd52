import { createHash } from 'node:crypto';
import { normalize } from '../text/normalize.ts';
import { parseRuleFile, type LocatedRuleDef } from './parse-rule-file.ts';
import type { Rule, RuleSet } from './rule.ts';
import { RuleFileError } from './rule-file-error.ts';
import type { RuleAssets, RuleKind } from './rule-kind.ts';

export interface RuleFileSource {
  /** Name shown in errors, e.g. `rules/spam.yaml`. */
  readonly file: string;
  readonly source: string;
}

function checkExamples(rule: Rule, loc: LocatedRuleDef): void {
  const { def } = loc;
  const cases = [
    ...def.should_match.map((text, i) => ({ text, want: true, key: 'should_match', line: loc.exampleLines.should_match[i] })),
    ...def.should_not_match.map((text, i) => ({
      text,
      want: false,
      key: 'should_not_match',
      line: loc.exampleLines.should_not_match[i],
    })),
  ];
  for (const c of cases) {
    const got = rule.evaluate({ text: normalize(c.text), signals: {} }).hit;
    if (got !== c.want) {
      throw new RuleFileError(
        loc.file,
        c.line ?? loc.line,
        `${def.id}.${c.key}`,
        `example "${c.text}" ${c.want ? 'is not matched' : 'is matched'} by rule ${def.id}`,
      );
    }
  }
}

function compileOne(kind: RuleKind, loc: LocatedRuleDef, assets: RuleAssets): Rule {
  try {
    return kind.compile(loc.def, loc.file, assets);
  } catch (err) {
    // A kind knows the field but not the line: point at the rule.
    if (err instanceof RuleFileError && err.line <= 1) throw new RuleFileError(loc.file, loc.line, err.field, err.problem);
    if (err instanceof RuleFileError) throw err;
    // Anything else a kind throws still names the file, the line and the rule.
    const why = err instanceof Error ? err.message.slice(0, 300) : String(err);
    throw new RuleFileError(loc.file, loc.line, loc.def.id, `cannot be compiled: ${why}`);
  }
}

/**
 * Parses, validates and compiles rule files into one immutable rule set, checking every rule's
 * examples. Pure: the caller reads the files.
 *
 * @throws {RuleFileError} for the first broken file, duplicate id or failing example.
 */
export function compileRuleSet(
  files: readonly RuleFileSource[],
  kinds: ReadonlyMap<string, RuleKind>,
  assets: RuleAssets = {},
): RuleSet {
  const sorted = [...files].sort((a, b) => a.file.localeCompare(b.file));
  const hash = createHash('sha256');
  const rules: Rule[] = [];
  const seen = new Map<string, string>();
  const demotable: string[] = [];
  for (const f of sorted) {
    hash.update(f.file).update('\0').update(f.source).update('\0');
    for (const loc of parseRuleFile(f.file, f.source, kinds)) {
      const prev = seen.get(loc.def.id);
      if (prev) throw new RuleFileError(f.file, loc.line, 'id', `duplicate rule id "${loc.def.id}" (also in ${prev})`);
      seen.set(loc.def.id, f.file);
      if (!loc.def.enabled) continue;
      const kind = kinds.get(loc.def.kind);
      if (!kind) throw new RuleFileError(f.file, loc.line, 'kind', `unknown rule kind "${loc.def.kind}"`);
      const rule = compileOne(kind, loc, assets);
      checkExamples(rule, loc);
      rules.push(Object.freeze(rule));
      if (loc.def.auto_demote && loc.def.action === 'delete') demotable.push(loc.def.id);
    }
  }
  return Object.freeze({
    version: hash.digest('hex').slice(0, 12),
    rules: Object.freeze(rules),
    files: Object.freeze(sorted.map((f) => f.file)),
    demotable: Object.freeze(demotable),
  });
}
