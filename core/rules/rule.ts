import type { NormalizedText } from '../text/normalized-text.ts';
import type { Category, RuleAction, RuleResult } from './rule-result.ts';

/**
 * Facts about a comment that the pure rules cannot compute themselves (they need I/O), gathered
 * by the worker before the rules run.
 */
export interface CommentSignals {
  /** How many near-identical comments the same author posted in the recent window (this one excluded). */
  readonly repeatsByAuthor?: number;
}

export interface RuleInput {
  readonly text: NormalizedText;
  readonly signals: CommentSignals;
}

/** A compiled rule: pure, immutable, safe to share between concurrent jobs. */
export interface Rule {
  readonly id: string;
  readonly kind: string;
  readonly category: Category;
  readonly action: RuleAction;
  readonly reason: string;
  /** File the rule came from, for reports. */
  readonly source: string;
  evaluate(input: RuleInput): RuleResult;
}

/** An immutable, versioned set of compiled rules; swapped as a whole on reload. */
export interface RuleSet {
  /** sha256 of the rule files that built it (first 12 hex digits). */
  readonly version: string;
  readonly rules: readonly Rule[];
  readonly files: readonly string[];
  /** Ids of `delete` rules whose file allows demotion to `review` when moderators overturn them. */
  readonly demotable?: readonly string[];
}
