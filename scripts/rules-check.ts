/**
 * Validates the rule files and runs their should_match / should_not_match examples, exactly as the
 * daemon does at load. Prints `file:line: field: problem` and exits 1 on the first broken file.
 *
 * Usage: npm run rules:check [-- rules-dir]
 */
import { loadModelAssets } from '../config/model-assets.ts';
import { readRuleFiles } from '../config/rules-loader.ts';
import { compileRuleSet } from '../core/rules/compile-rule-set.ts';
import { RULE_KINDS } from '../core/rules/kinds/index.ts';
import { parseRuleFile } from '../core/rules/parse-rule-file.ts';
import { RuleFileError } from '../core/rules/rule-file-error.ts';

const dir = process.argv[2] ?? 'rules';
try {
  const files = await readRuleFiles(dir);
  const set = compileRuleSet(files, RULE_KINDS, await loadModelAssets('models'));
  const examples = files
    .flatMap((f) => parseRuleFile(f.file, f.source, RULE_KINDS))
    .reduce((n, loc) => n + loc.def.should_match.length + loc.def.should_not_match.length, 0);
  console.log(
    `ok: ${files.length} files, ${set.rules.length} rules, ${examples} examples pass (rule set ${set.version})`,
  );
} catch (err) {
  if (err instanceof RuleFileError) {
    console.error(`${err.file}:${err.line}: ${err.field ? `${err.field}: ` : ''}${err.problem}`);
  } else {
    console.error(err instanceof Error ? err.message : String(err));
  }
  process.exitCode = 1;
}
