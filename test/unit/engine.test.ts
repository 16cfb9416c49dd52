import { describe, expect, it } from 'vitest';
import { evaluateText } from '../../core/engine.ts';
import { compileRuleSet } from '../../core/rules/compile-rule-set.ts';
import { RULE_KINDS } from '../../core/rules/kinds/index.ts';

const set = compileRuleSet(
  [
    {
      file: 'test.yaml',
      source: `version: 1
rules:
  - id: t.delete
    kind: wordlist
    category: obscene
    action: delete
    reason: Удалить
    words: [плохо*]
  - id: t.review
    kind: wordlist
    category: insult
    action: review
    reason: На проверку
    words: [сомнительно, плохое]
  - id: t.two
    kind: wordlist
    category: spam
    action: review
    reason: Два слова
    words: [купи, продай]
    min_matches: 2
`,
    },
  ],
  RULE_KINDS,
);

describe('evaluateText', () => {
  it.each([
    ['всё хорошо', 'keep', [], []],
    ['Это сомнительно', 'review', ['t.review'], ['insult']],
    ['Плохое и сомнительно', 'delete', ['t.delete'], ['obscene', 'insult']],
    ['купи слона', 'keep', [], []],
    ['купи слона, продай корову', 'review', ['t.two'], ['spam']],
  ])('%s → %s', (text, verdict, decidedBy, categories) => {
    const v = evaluateText(set, text);
    expect(v.verdict).toBe(verdict);
    expect(v.decidedBy).toEqual(decidedBy);
    expect(v.categories).toEqual(categories);
    expect(v.results.map((r) => r.ruleId)).toEqual(['t.delete', 't.review', 't.two']);
    expect(v.ruleSetVersion).toBe(set.version);
  });

  it('reports spans in the original text, case and ё included', () => {
    const text = 'Ну ПЛОХОЁ дело';
    const r = evaluateText(set, text).results[0]!;
    expect(r.hit).toBe(true);
    expect(r.spans).toEqual([{ start: 3, end: 9 }]);
    expect(text.slice(3, 9)).toBe('ПЛОХОЁ');
    expect(r.details).toMatchObject({ action: 'delete', reason: 'Удалить', ground: 'нецензурная брань' });
  });

  it('does not match inside longer words', () => {
    expect(evaluateText(set, 'неплохо').verdict).toBe('keep');
  });
});
