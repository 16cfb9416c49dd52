import type { RuleAction } from './rules/rule-result.ts';

export const ACCOUNT_MODES = ['enforce', 'review', 'shadow'] as const;
export type AccountMode = (typeof ACCOUNT_MODES)[number];

/** What Strazh does with a comment once the account's mode is applied to the rules' verdict. */
export type Outcome = 'delete' | 'review' | 'keep';

/**
 * Applies the account's mode on top of the verdict:
 * - `enforce`: act on the verdict;
 * - `review`: nothing is deleted without a person, so `delete` becomes `review`;
 * - `shadow`: decide and record only; nothing is acted on.
 *
 * @example decideOutcome('delete', 'review') === 'review'
 */
export function decideOutcome(verdict: RuleAction, mode: AccountMode): Outcome {
  switch (mode) {
    case 'enforce':
      return verdict;
    case 'review':
      return verdict === 'delete' ? 'review' : verdict;
    case 'shadow':
      return 'keep';
  }
}
