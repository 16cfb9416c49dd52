import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BayesModelSchema } from '../../core/classify/bayes-model.ts';
import { compileRuleSet } from '../../core/rules/compile-rule-set.ts';
import { RULE_KINDS } from '../../core/rules/kinds/index.ts';
import type { RuleSet } from '../../core/rules/rule.ts';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** The committed spam model, parsed. */
export function committedSpamModel() {
  return BayesModelSchema.parse(
    JSON.parse(readFileSync(path.join(root, 'models', 'spam-bayes.json'), 'utf8')),
  );
}

/** The repository's own `rules/*.yaml`, compiled with the committed models (synchronously, for tests). */
export function daemonRuleSet(): RuleSet {
  const dir = path.join(root, 'rules');
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => ({ file: `rules/${n}`, source: readFileSync(path.join(dir, n), 'utf8') }));
  return compileRuleSet(files, RULE_KINDS, { 'spam-bayes': committedSpamModel() });
}
