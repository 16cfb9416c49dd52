import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../core/rules/compile-rule-set.ts';
import { RULE_KINDS } from '../../core/rules/kinds/index.ts';
import { decisionFor, fixtureAccounts, reviewDecision, vkComment } from '../../fixtures/audit/builders.ts';
import { plannedForDecision, plannedForReview, plannedForUndo } from '../../store/planned-actions.ts';

const rules = compileRuleSet(
  [
    {
      file: 'r.yaml',
      source: [
        'version: 1',
        'rules:',
        '  - { id: obscene.t, kind: wordlist, category: obscene, action: delete, reason: Мат, words: [нахуй] }',
        '  - { id: insult.t, kind: wordlist, category: insult, action: review, reason: Возможно оскорбление, words: [идиот*] }',
      ].join('\n'),
    },
  ],
  RULE_KINDS,
);
const at = new Date('2026-03-04T01:00:00Z');
const decision = (account: string, text: string) =>
  decisionFor(rules, vkComment({ account, id: 1, text, at }), at);

describe('actions recorded before they are queued', () => {
  it.each([
    ['enforce account, delete verdict', 'adm-vk', 'иди нахуй', [['delete', 'vk|adm-vk|1|delete', 'Мат']]],
    ['enforce account, review verdict', 'adm-vk', 'идиоты', []],
    ['review account, delete verdict', 'culture-vk', 'иди нахуй', []],
    ['clean comment', 'adm-vk', 'спасибо', []],
  ])('%s', (_name, account, text, want) => {
    expect(plannedForDecision(decision(account, text)).map((p) => [p.action, p.jobId, p.reason])).toEqual(
      want,
    );
  });

  it.each([
    ['delete', [['delete', 'vk|culture-vk|1|delete', 0]]],
    ['delete_and_ban', [['delete_and_ban', 'vk|culture-vk|1|delete_and_ban', 7]]],
    ['keep', []],
  ] as const)('moderator decides %s', (d, want) => {
    const c = vkComment({ account: 'culture-vk', id: 1, text: 'идиоты', at });
    const planned = plannedForReview(reviewDecision(c, d, at), fixtureAccounts(), '');
    expect(planned.map((p) => [p.action, p.jobId, p.banDays])).toEqual(want);
    for (const p of planned) {
      expect(p.requestedBy).toEqual({ kind: 'moderator', id: '4242', name: 'Иванова А.' });
      expect(p.reason).toBe('Решение модератора');
    }
  });

  it.each([
    ['delete', 'restore', [['restore', 'vk|culture-vk|1|restore']]],
    ['delete_and_ban', 'restore_and_unban', [['restore_and_unban', 'vk|culture-vk|1|restore_and_unban']]],
    ['delete_and_ban', 'unban', [['unban', 'vk|culture-vk|1|unban']]],
    ['keep', undefined, []],
  ] as const)('moderator undoes %s → %s', (undone, action, want) => {
    const c = vkComment({ account: 'culture-vk', id: 1, text: 'идиоты', at });
    const planned = plannedForUndo({
      key: 'vk:culture-vk:1',
      comment: c,
      undone,
      action,
      moderator: { id: '77', name: 'Борис' },
      undoneAt: at,
    });
    expect(planned.map((p) => [p.action, p.jobId])).toEqual(want);
    for (const p of planned) {
      // The one who undid it asked for the action, not the one who decided.
      expect(p.requestedBy).toEqual({ kind: 'moderator', id: '77', name: 'Борис' });
      expect(p.reason).toBe('Отмена решения модератора (/undo)');
      expect(p.banDays).toBe(0);
    }
  });
});
