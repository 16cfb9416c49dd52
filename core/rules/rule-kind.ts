import { z } from 'zod';
import type { Rule } from './rule.ts';
import { ACTIONS, CATEGORIES } from './rule-result.ts';

/** Fields every rule definition has, whatever its kind. */
export const baseRuleFields = {
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'lower-case latin letters, digits, ".", "_" or "-", 2–64 characters'),
  kind: z.string(),
  category: z.enum(CATEGORIES),
  action: z.enum(ACTIONS).exclude(['keep']),
  reason: z.string().min(3).max(500),
  enabled: z.boolean().default(true),
  /**
   * Lets Strazh demote this rule from `delete` to `review` while moderators overturn its decisions
   * more often than RULE_OVERTURN_MAX_RATE (see docs/audit.md).
   */
  auto_demote: z.boolean().default(false),
  should_match: z.array(z.string().min(1)).default([]),
  should_not_match: z.array(z.string().min(1)).default([]),
};

export const baseRuleSchema = z.object(baseRuleFields);
export type BaseRuleDef = z.infer<typeof baseRuleSchema>;

/** Data a rule kind may need beyond its definition (e.g. a trained model), loaded by the I/O layer. */
export interface RuleAssets {
  readonly [name: string]: unknown;
}

/**
 * One kind of rule an admin can write in a rule file: its schema (strict: unknown fields are
 * refused) and how to compile a validated definition into a pure {@link Rule}.
 */
export interface RuleKind {
  readonly kind: string;
  readonly schema: z.ZodType<BaseRuleDef>;
  compile(def: BaseRuleDef, source: string, assets: RuleAssets): Rule;
}
