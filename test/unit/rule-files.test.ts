import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelAssets } from '../../config/model-assets.ts';
import { RuleSetHolder } from '../../config/rules-loader.ts';
import { compileRuleSet } from '../../core/rules/compile-rule-set.ts';
import { RULE_KINDS } from '../../core/rules/kinds/index.ts';
import { RuleFileError } from '../../core/rules/rule-file-error.ts';
import { daemonRuleSet } from '../helpers/daemon-rules.ts';
import { brokenRuleFile } from '../helpers/text-fixtures.ts';

function refusal(name: string): RuleFileError {
  try {
    compileRuleSet([brokenRuleFile(name)], RULE_KINDS);
  } catch (err) {
    if (err instanceof RuleFileError) return err;
    throw err;
  }
  throw new Error(`${name} was accepted`);
}

describe('rule files', () => {
  it('the repository’s rules compile and pass their own examples', () => {
    const set = daemonRuleSet();
    const kinds = new Set(set.rules.map((r) => r.kind));
    expect(kinds).toEqual(new Set(['obscene_roots', 'profanity_en', 'lexicon', 'scored']));
    expect(new Set(set.rules.map((r) => r.category))).toEqual(
      new Set(['obscene', 'insult', 'spam', 'unlawful']),
    );
  });

  it.each([
    ['bad-yaml', 6, '', /invalid YAML/],
    ['unknown-field', 3, 'rules[0]', /colour/],
    ['failing-example', 12, 'broken.example.should_match', /Администрация молодцы/],
    // Regression: roots valid one by one but not joined threw a bare SyntaxError, no file or line.
    ['roots-clash', 3, 'broken.roots.roots', /cannot be joined: Duplicate capture group name/],
  ])('refuses %s with file, line and field', (name, line, field, problem) => {
    const err = refusal(name);
    expect(err.file).toBe(path.join('fixtures', 'rules-broken', `${name}.yaml`));
    expect(err.line).toBe(line);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(problem);
  });
});

describe('hot reload', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'strazh-rules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the previous rules in force when a file breaks, and takes a fixed file', async () => {
    cpSync('rules', dir, { recursive: true });
    const errors: unknown[] = [];
    const holder = await RuleSetHolder.open(dir, pino({ level: 'silent' }), await loadModelAssets('models'), {
      onError: (e) => errors.push(e),
    });
    const before = holder.current.version;
    const insult = path.join(dir, 'insult.yaml');
    const good = readFileSync(insult, 'utf8');

    writeFileSync(
      insult,
      good.replace('    reason: Оскорбление', '    colour: red\n    reason: Оскорбление'),
    );
    expect(await holder.reload()).toBe(false);
    expect(holder.current.version).toBe(before);
    expect(errors[0]).toBeInstanceOf(RuleFileError);
    expect((errors[0] as RuleFileError).file).toBe(insult);

    writeFileSync(insult, good.replace('      - мразь\n', '      - мразь\n      - негодник\n'));
    expect(await holder.reload()).toBe(true);
    expect(holder.current.version).not.toBe(before);
  });
});
