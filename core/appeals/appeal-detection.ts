import type { Span } from '../rules/rule-result.ts';

/** What a citizen's message asks of the administration (clause 3 of resolution No. 702). */
export const APPEAL_KINDS = ['question', 'complaint', 'request'] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];

/** Topic id used when no topic of the topics file matched. Routing must always cover it. */
export const OTHER_TOPIC = 'other';

/**
 * The detector's answer for one comment. Always the full picture (scores, spans, reasons), also when
 * the comment is not an appeal, so an admin can see why.
 */
export interface AppealDetection {
  readonly isAppeal: boolean;
  /** The main speech act; `null` when not an appeal. */
  readonly kind: AppealKind | null;
  /** Topic id from the topics file (`other` when none matched); `null` when not an appeal. */
  readonly topic: string | null;
  /** 0..1; an appeal when at least the file's threshold. */
  readonly score: number;
  /** Evidence in the ORIGINAL text (offsets in UTF-16 code units, end exclusive), sorted, merged. */
  readonly spans: readonly Span[];
  /** Russian, one line per fired signal and the topic, for the official and the audit log. */
  readonly reasons: readonly string[];
  /** Ids of the fired signals (for evaluation and the audit log). */
  readonly signals: readonly string[];
}
