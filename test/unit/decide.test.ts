import { describe, expect, it } from 'vitest';
import { decideOutcome, type AccountMode } from '../../core/decide.ts';
import type { RuleAction } from '../../core/rules/rule-result.ts';

describe('decideOutcome: the account mode applies on top of the verdict', () => {
  const table: [RuleAction, AccountMode, string][] = [
    ['delete', 'enforce', 'delete'],
    ['review', 'enforce', 'review'],
    ['keep', 'enforce', 'keep'],
    ['delete', 'review', 'review'],
    ['review', 'review', 'review'],
    ['keep', 'review', 'keep'],
    ['delete', 'shadow', 'keep'],
    ['review', 'shadow', 'keep'],
    ['keep', 'shadow', 'keep'],
  ];
  it.each(table)('%s in %s mode → %s', (verdict, mode, want) => {
    expect(decideOutcome(verdict, mode)).toBe(want);
  });
});
