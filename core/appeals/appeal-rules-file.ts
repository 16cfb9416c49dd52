import { z } from 'zod';
import { lineOf, parseLocatedYaml, validateLocated, type LocatedYaml } from '../rules/located-yaml.ts';
import { APPEAL_KINDS } from './appeal-detection.ts';
import { isValidRegExp } from '../rules/word-pattern.ts';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'lower-case latin letters, digits, ".", "_" or "-", 2–64 characters');
const examples = z.array(z.string().min(1).max(2000)).default([]);
const matchers = {
  /** Whole words on the normalised text; a trailing `*` makes a prefix, spaces make a phrase. */
  words: z.array(z.string().min(1).max(100)).default([]),
  /** Regular expressions (Unicode) on the normalised text. */
  patterns: z
    .array(z.string().min(1).max(500).refine(isValidRegExp, 'not a valid regular expression'))
    .default([]),
};
const hasMatcher = (d: { words: string[]; patterns: string[] }) => d.words.length + d.patterns.length > 0;

/** One piece of evidence: words or patterns that argue for a kind of appeal (or against any). */
export const SignalSchema = z
  .object({
    id,
    /** `not_appeal` signals carry a negative weight: thanks, greetings, rhetoric, talk among residents. */
    kind: z.enum([...APPEAL_KINDS, 'not_appeal']),
    weight: z.number().min(-1).max(1),
    /** Counts only when a topic matched too (generic words like «не работает», «холодно»). */
    requires_topic: z.boolean().default(false),
    /** Russian, shown to the official: why this counts. */
    reason: z.string().min(3).max(300),
    ...matchers,
    should_match: examples,
    should_not_match: examples,
  })
  .strict()
  .refine(hasMatcher, { message: 'needs at least one word or pattern' })
  .refine((d) => (d.kind === 'not_appeal' ? d.weight <= 0 : d.weight > 0), {
    message: 'not_appeal signals need a weight ≤ 0, the others a weight > 0',
    path: ['weight'],
  });
export type SignalDef = z.infer<typeof SignalSchema>;

/** A topic an appeal can be about; routing sends each topic to a department. */
export const TopicSchema = z
  .object({
    id,
    /** Russian name shown on the appeal card. */
    name: z.string().min(2).max(200),
    /**
     * Complaint evidence the topic carries by itself when it is the comment's topic: stray dogs or
     * drug users mentioned on an administration's page are nearly always a problem.
     */
    problem_weight: z.number().min(0).max(1).default(0),
    ...matchers,
    should_match: examples,
    should_not_match: examples,
  })
  .strict()
  .refine(hasMatcher, { message: 'needs at least one word or pattern' });
export type TopicDef = z.infer<typeof TopicSchema>;

export const AppealRulesSchema = z
  .object({
    version: z.literal(1),
    description: z.string().optional(),
    /** Score from which a comment is an appeal. */
    threshold: z.number().gt(0).max(1).default(0.5),
    /** Added to the score when a topic matched: a concrete municipal matter. */
    topic_bonus: z.number().min(0).max(1).default(0.2),
    /** Evidence a kind needs to be chosen; kinds are tried in this order, the last one is the fallback. */
    kind_min: z.number().min(0).max(1).default(0.3),
    kind_priority: z
      .array(z.enum(APPEAL_KINDS))
      .length(APPEAL_KINDS.length)
      .refine((a) => new Set(a).size === a.length, 'each kind once')
      .default(['request', 'question', 'complaint']),
    signals: z.array(z.unknown()).min(1),
    topics: z.array(z.unknown()).min(1),
    /** Whole-detector examples, checked at load. */
    examples: z
      .object({ appeal: examples, not_appeal: examples })
      .strict()
      .default({ appeal: [], not_appeal: [] }),
  })
  .strict();

/** An item of the file and the lines of its examples, for errors an admin can act on. */
export interface Located<T> {
  readonly def: T;
  readonly line: number;
  readonly exampleLines: { readonly should_match: number[]; readonly should_not_match: number[] };
}

export interface ParsedAppealRules {
  readonly file: string;
  readonly yaml: LocatedYaml;
  readonly settings: Omit<z.infer<typeof AppealRulesSchema>, 'signals' | 'topics'>;
  readonly signals: readonly Located<SignalDef>[];
  readonly topics: readonly Located<TopicDef>[];
}

function locate<T extends { should_match: string[]; should_not_match: string[] }>(
  y: LocatedYaml,
  section: string,
  i: number,
  def: T,
): Located<T> {
  const lines = (key: 'should_match' | 'should_not_match') =>
    def[key].map((_, j) => lineOf(y, [section, i, key, j]));
  return {
    def,
    line: lineOf(y, [section, i]),
    exampleLines: { should_match: lines('should_match'), should_not_match: lines('should_not_match') },
  };
}

/**
 * Parses and validates the appeal topics file (YAML). Pure: takes the file's name and text.
 *
 * @throws {RuleFileError} with the file, line and field of the first problem found.
 */
export function parseAppealRules(file: string, source: string): ParsedAppealRules {
  const y = parseLocatedYaml(file, source);
  const { signals, topics, ...settings } = validateLocated(y, AppealRulesSchema);
  return {
    file,
    yaml: y,
    settings,
    signals: signals.map((raw, i) =>
      locate(y, 'signals', i, validateLocated(y, SignalSchema, raw, ['signals', i])),
    ),
    topics: topics.map((raw, i) =>
      locate(y, 'topics', i, validateLocated(y, TopicSchema, raw, ['topics', i])),
    ),
  };
}
