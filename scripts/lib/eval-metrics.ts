import { CATEGORIES, type Category } from '../../core/rules/rule-result.ts';

/** One corpus row with the engine's answer. */
export interface Judged {
  readonly id: string;
  readonly text: string;
  readonly source: string;
  readonly truth: readonly Category[];
  readonly verdict: 'delete' | 'review' | 'keep';
  readonly predicted: readonly Category[];
  readonly score: number;
  readonly rules: readonly string[];
}

export interface CategoryScore {
  readonly category: Category;
  readonly rows: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Share of rows with this label that were deleted or sent to review, whatever the category. */
  readonly caught: number;
  readonly autoDeleted: number;
}

export interface EvalSummary {
  readonly rows: number;
  readonly clean: number;
  readonly violations: number;
  readonly cleanDeleted: number;
  readonly cleanReviewed: number;
  readonly violationsCaught: number;
  readonly violationsDeleted: number;
  readonly deletePrecision: number;
  readonly flagPrecision: number;
  readonly perCategory: readonly CategoryScore[];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * Whether predicting `c` on a row is right. The corpus never labels `insult` on a row with мат
 * (README, step 4), so an insult prediction on an obscene row is not a false alarm.
 */
export function predictionFits(c: Category, truth: readonly Category[]): boolean {
  return truth.includes(c) || (c === 'insult' && truth.includes('obscene'));
}

/** Scores delete-vs-keep first, then each category. */
export function summarize(rows: readonly Judged[]): EvalSummary {
  const clean = rows.filter((r) => r.truth.length === 0);
  const bad = rows.filter((r) => r.truth.length > 0);
  const deleted = rows.filter((r) => r.verdict === 'delete');
  const flagged = rows.filter((r) => r.verdict !== 'keep');
  const perCategory = CATEGORIES.map((c): CategoryScore => {
    const withLabel = rows.filter((r) => r.truth.includes(c));
    const predicted = rows.filter((r) => r.verdict !== 'keep' && r.predicted.includes(c));
    const tp = predicted.filter((r) => predictionFits(c, r.truth)).length;
    const hit = withLabel.filter((r) => r.verdict !== 'keep' && r.predicted.includes(c)).length;
    const precision = ratio(tp, predicted.length);
    const recall = ratio(hit, withLabel.length);
    return {
      category: c,
      rows: withLabel.length,
      precision,
      recall,
      f1: ratio(2 * precision * recall, precision + recall),
      caught: ratio(withLabel.filter((r) => r.verdict !== 'keep').length, withLabel.length),
      autoDeleted: ratio(withLabel.filter((r) => r.verdict === 'delete').length, withLabel.length),
    };
  });
  return {
    rows: rows.length,
    clean: clean.length,
    violations: bad.length,
    cleanDeleted: ratio(clean.filter((r) => r.verdict === 'delete').length, clean.length),
    cleanReviewed: ratio(clean.filter((r) => r.verdict === 'review').length, clean.length),
    violationsCaught: ratio(bad.filter((r) => r.verdict !== 'keep').length, bad.length),
    violationsDeleted: ratio(bad.filter((r) => r.verdict === 'delete').length, bad.length),
    deletePrecision: ratio(deleted.filter((r) => r.truth.length > 0).length, deleted.length),
    flagPrecision: ratio(flagged.filter((r) => r.truth.length > 0).length, flagged.length),
    perCategory,
  };
}
