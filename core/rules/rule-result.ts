/** The four grounds of clause 2.5; the corpus calls `unlawful` "illegal". */
export const CATEGORIES = ['obscene', 'insult', 'spam', 'unlawful'] as const;
export type Category = (typeof CATEGORIES)[number];

/** What a rule asks for when it hits. Ordered by severity. */
export const ACTIONS = ['keep', 'review', 'delete'] as const;
export type RuleAction = (typeof ACTIONS)[number];

/** Offsets into the ORIGINAL comment text, in UTF-16 code units, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Every rule returns this shape, hit or not, so the audit log can show the whole picture. */
export interface RuleResult {
  readonly ruleId: string;
  readonly category: Category;
  readonly hit: boolean;
  /** 0..1 confidence; 0 when not hit. */
  readonly score: number;
  readonly spans: readonly Span[];
  readonly details: RuleDetails;
}

export interface RuleDetails {
  /** The action this rule asks for when it hits (`keep` when it did not hit). */
  readonly action: RuleAction;
  /** Russian text shown to moderators and in the statement of reasons. */
  readonly reason: string;
  /** Clause 2.5 ground, in Russian (e.g. «нецензурная брань»). */
  readonly ground: string;
  /** The matched words, normalised, for the moderator. */
  readonly matched?: readonly string[];
  readonly [extra: string]: unknown;
}

export const GROUNDS: Readonly<Record<Category, string>> = {
  obscene: 'нецензурная брань',
  insult: 'оскорбления',
  spam: 'спам',
  unlawful: 'нарушение законодательства РФ и РС(Я)',
};

export function severity(a: RuleAction): number {
  return ACTIONS.indexOf(a);
}
