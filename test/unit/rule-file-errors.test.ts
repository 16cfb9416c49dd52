import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../core/rules/compile-rule-set.ts';
import { RULE_KINDS } from '../../core/rules/kinds/index.ts';
import { RuleFileError } from '../../core/rules/rule-file-error.ts';

const fixture = (name: string) => ({
  file: `fixtures/rule-files/${name}`,
  source: readFileSync(`fixtures/rule-files/${name}`, 'utf8'),
});

function refusal(files: { file: string; source: string }[]): RuleFileError {
  try {
    compileRuleSet(files, RULE_KINDS);
  } catch (err) {
    if (err instanceof RuleFileError) return err;
    throw err;
  }
  throw new Error('rule files were accepted');
}

describe('rule files are refused with file, line and field', () => {
  it.each([
    ['bad-yaml.yaml', 7, '', /invalid YAML/],
    ['unknown-field.yaml', 3, 'rules[0]', /wrods/],
    ['bad-action.yaml', 6, 'rules[0].action', /review.*delete|delete.*review/],
    ['failing-example.yaml', 11, 'spam.casino.should_match', /Ставки на спорт онлайн.*is not matched/],
  ])('%s', (name, line, field, problem) => {
    const err = refusal([fixture(name)]);
    expect(err.file).toBe(`fixtures/rule-files/${name}`);
    expect(err.line).toBe(line);
    expect(err.field).toBe(field);
    expect(err.problem).toMatch(problem);
    expect(err.message).toContain(`fixtures/rule-files/${name}:${line}`);
  });

  it('refuses an unknown rule kind, naming the allowed ones', () => {
    const err = refusal([{ file: 'x.yaml', source: 'version: 1\nrules:\n  - id: a.b\n    kind: magic\n' }]);
    expect(err).toMatchObject({ line: 4, field: 'rules[0].kind' });
    expect(err.problem).toContain('allowed: wordlist');
  });

  it('refuses the same rule id in two files', () => {
    const a = fixture('valid-extra.yaml');
    const err = refusal([a, { file: 'b.yaml', source: a.source }]);
    expect(err.problem).toMatch(/duplicate rule id "spam.extra-casino"/);
  });

  it('the version changes with the content', () => {
    const a = compileRuleSet([fixture('valid-extra.yaml')], RULE_KINDS);
    const src = fixture('valid-extra.yaml');
    const b = compileRuleSet([{ ...src, source: src.source.replace('review', 'delete') }], RULE_KINDS);
    expect(a.version).not.toBe(b.version);
  });
});
