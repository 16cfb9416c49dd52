import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../core/rules/compile-rule-set.ts';
import { RULE_KINDS } from '../../core/rules/kinds/index.ts';
import { demoteRules, rateRules, type RuleDecisionStats } from '../../core/rules/rule-precision.ts';
import { evaluateText } from '../../core/engine.ts';

const stat = (ruleId: string, decided: number, kept: number, action = 'delete'): RuleDecisionStats => ({
  ruleId,
  category: 'insult',
  action,
  decided,
  kept,
  deleted: decided - kept,
});

describe('rateRules', () => {
  const limits = { maxRate: 0.3, minDecisions: 10 };
  it.each([
    ['over the rate with enough decisions', stat('a', 10, 4), 0.4, true],
    ['exactly at the rate', stat('a', 10, 3), 0.3, false],
    ['over the rate with too few decisions', stat('a', 9, 9), 1, false],
    ['never overturned', stat('a', 50, 0), 0, false],
    ['no decisions', stat('a', 0, 0), 0, false],
  ])('%s', (_name, s, rate, over) => {
    const [r] = rateRules([s], limits);
    expect(r?.overturnRate).toBeCloseTo(rate);
    expect(r?.precision).toBeCloseTo(s.decided ? 1 - rate : 0);
    expect(r?.overLimit).toBe(over);
  });

  it('sorts by overturn rate, then by decisions', () => {
    const r = rateRules([stat('low', 20, 1), stat('high', 10, 5), stat('high-more', 40, 20)], limits);
    expect(r.map((x) => x.ruleId)).toEqual(['high-more', 'high', 'low']);
  });
});

const file = (autoDemote: boolean) => ({
  file: 'rules/t.yaml',
  source: [
    'version: 1',
    'rules:',
    '  - id: insult.x',
    '    kind: wordlist',
    '    category: insult',
    '    action: delete',
    `    auto_demote: ${autoDemote}`,
    '    reason: Оскорбление',
    '    words: [мразь]',
    '  - id: spam.x',
    '    kind: wordlist',
    '    category: spam',
    '    action: review',
    '    auto_demote: true',
    '    reason: Спам',
    '    words: [казино]',
  ].join('\n'),
});

describe('demoteRules', () => {
  it('demotes a delete rule whose file allows it, marking its hits', () => {
    const set = compileRuleSet([file(true)], RULE_KINDS);
    expect(set.demotable).toEqual(['insult.x']);
    const demoted = demoteRules(set, new Set(['insult.x']));
    const v = evaluateText(demoted, 'ты мразь');
    expect(v.verdict).toBe('review');
    expect(v.results.find((r) => r.ruleId === 'insult.x')?.details).toMatchObject({
      action: 'review',
      demoted: true,
    });
    expect(demoted.version).toBe(set.version);
    expect(evaluateText(set, 'ты мразь').verdict).toBe('delete');
  });

  it('leaves a rule alone when its file does not allow demotion, or nothing is over the limit', () => {
    const set = compileRuleSet([file(false)], RULE_KINDS);
    expect(set.demotable).toEqual([]);
    expect(demoteRules(set, new Set(['insult.x']))).toBe(set);
    const allowed = compileRuleSet([file(true)], RULE_KINDS);
    expect(demoteRules(allowed, new Set())).toBe(allowed);
  });

  it('refuses an unknown field next to auto_demote (rule files stay strict)', () => {
    const bad = {
      file: 'rules/t.yaml',
      source: file(true).source.replace('auto_demote: true', 'auto_demot: true'),
    };
    expect(() => compileRuleSet([bad], RULE_KINDS)).toThrow(/auto_demot/);
  });
});
