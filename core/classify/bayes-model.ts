import { z } from 'zod';

/**
 * A trained naive Bayes model as committed in `models/`: per class the number of training texts and,
 * per feature, how many of them had it (counts already include natural's add-one smoothing). Only
 * counts are stored, never the training texts.
 */
export const BayesModelSchema = z
  .object({
    format: z.literal('strazh-bayes/1'),
    trainedOn: z.string(),
    classes: z.array(z.string()).min(2),
    /** Number of training texts plus one, as natural counts it. */
    totalExamples: z.number().positive(),
    /** Per class, the number of its texts plus one. */
    classTotals: z.record(z.string(), z.number().positive()),
    smoothing: z.number().positive(),
    /** feature → count per class, in the order of `classes`. */
    features: z.record(z.string(), z.array(z.number().nonnegative())),
  })
  .strict();
export type BayesModel = z.infer<typeof BayesModelSchema>;

/** Classifies a set of features; returns the posterior probability of each class. */
export type BayesClassify = (features: readonly string[]) => Record<string, number>;

/**
 * Compiles a model into a fast Bernoulli naive Bayes classifier over the counts natural's
 * BayesClassifier trained. Unlike natural's own scoring (which multiplies only the features present
 * and so drifts towards the smaller class as texts grow longer), it also counts the evidence of
 * the known features a text lacks; that sum is precomputed, so a comment costs only a look-up per
 * feature it has. Returns posterior probabilities.
 */
export function compileBayes(model: BayesModel): BayesClassify {
  const { classes, smoothing } = model;
  const totals = classes.map((c) => (model.classTotals[c] ?? 1) + smoothing);
  const logPriors = classes.map((c) => Math.log((model.classTotals[c] ?? 1) / model.totalExamples));
  // p(feature | class), smoothed; `absentAll` = Σ log(1 − p) over the vocabulary, per class.
  const delta = new Map<string, number[]>();
  const absentAll = classes.map(() => 0);
  for (const [f, counts] of Object.entries(model.features)) {
    const d = classes.map((_, i) => {
      const p = Math.max(counts[i] ?? 0, smoothing) / (totals[i] ?? 1);
      absentAll[i] = (absentAll[i] ?? 0) + Math.log(1 - p);
      return Math.log(p) - Math.log(1 - p);
    });
    delta.set(f, d);
  }
  const n = classes.length;
  const base = classes.map((_, i) => (logPriors[i] ?? 0) + (absentAll[i] ?? 0));
  const scores = new Float64Array(n);
  return (features) => {
    for (let i = 0; i < n; i++) scores[i] = base[i] ?? 0;
    for (const f of features) {
      const d = delta.get(f);
      if (!d) continue; // unknown words carry no evidence
      for (let i = 0; i < n; i++) scores[i] = (scores[i] ?? 0) + (d[i] ?? 0);
    }
    let max = -Infinity;
    for (let i = 0; i < n; i++) max = Math.max(max, scores[i] ?? 0);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.exp((scores[i] ?? 0) - max);
    const out: Record<string, number> = {};
    for (let i = 0; i < n; i++) out[classes[i] ?? ''] = Math.exp((scores[i] ?? 0) - max) / sum;
    return out;
  };
}
