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
 * Compiles a model into a fast classifier. It computes exactly natural's BayesClassifier score
 * (prior × Π count/total over the features present), but only over the features the text has, in
 * log space, normalised to probabilities — so a comment costs a few map look-ups instead of a pass
 * over the whole vocabulary.
 */
export function compileBayes(model: BayesModel): BayesClassify {
  const { classes, smoothing } = model;
  const logTotals = classes.map((c) => Math.log(model.classTotals[c] ?? 1));
  const logPriors = classes.map((c) => Math.log((model.classTotals[c] ?? 1) / model.totalExamples));
  const logCounts = new Map<string, number[]>();
  for (const [f, counts] of Object.entries(model.features)) {
    logCounts.set(
      f,
      classes.map((_, i) => Math.log((counts[i] ?? 0) > 0 ? (counts[i] ?? 0) : smoothing)),
    );
  }
  const logSmoothing = Math.log(smoothing);
  return (features) => {
    const scores = [...logPriors];
    for (const f of features) {
      const lc = logCounts.get(f);
      // natural's BayesClassifier only looks at features it knows; unknown words carry no evidence.
      if (!lc) continue;
      for (let i = 0; i < classes.length; i++) {
        scores[i] = (scores[i] ?? 0) + (lc[i] ?? logSmoothing) - (logTotals[i] ?? 0);
      }
    }
    const max = Math.max(...scores);
    const exps = scores.map((s) => Math.exp(s - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    const out: Record<string, number> = {};
    classes.forEach((c, i) => (out[c] = (exps[i] ?? 0) / sum));
    return out;
  };
}
