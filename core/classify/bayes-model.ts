import { z } from 'zod';
import { scanSpamFeatures, type FeatureSink } from './spam-features.ts';
import { FeatureTable } from './feature-table.ts';

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

/** The model as log-space weights: per class the score of an empty text, and per feature its delta. */
function weightsOf(model: BayesModel): { base: number[]; delta: Map<string, number[]> } {
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
  const base = classes.map((_, i) => (logPriors[i] ?? 0) + (absentAll[i] ?? 0));
  return { base, delta };
}

/**
 * Compiles a model into a fast Bernoulli naive Bayes classifier over the counts natural's
 * BayesClassifier trained. Unlike natural's own scoring (which multiplies only the features present
 * and so drifts towards the smaller class as texts grow longer), it also counts the evidence of
 * the known features a text lacks; that sum is precomputed, so a comment costs only a look-up per
 * feature it has. Returns posterior probabilities.
 */
export function compileBayes(model: BayesModel): BayesClassify {
  const { classes } = model;
  const { base, delta } = weightsOf(model);
  const n = classes.length;
  const scores = new Float64Array(n);
  return (features) => {
    for (let i = 0; i < n; i++) scores[i] = base[i] ?? 0;
    for (const f of features) {
      const d = delta.get(f);
      if (!d) continue; // unknown words carry no evidence
      for (let i = 0; i < n; i++) scores[i] = (scores[i] ?? 0) + (d[i] ?? 0);
    }
    return posteriors(classes, scores);
  };
}

function posteriors(classes: readonly string[], scores: Float64Array): Record<string, number> {
  const n = classes.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, scores[i] ?? 0);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp((scores[i] ?? 0) - max);
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) out[classes[i] ?? ''] = Math.exp((scores[i] ?? 0) - max) / sum;
  return out;
}

/** What `compileTextScorer` says about a text. */
export interface TextScore {
  /** Number of distinct features of the text (known to the model or not). */
  readonly features: number;
  /** Posterior probability of the scorer's class. */
  readonly probability: number;
}

/** Beyond this many features never seen in training, the table forgets them (it grows per comment). */
const UNKNOWN_LIMIT = 100_000;

/**
 * `compileBayes` over `spamFeatures` for one class, fused: the features are looked up by their
 * code units in a table of ids as the text is scanned, deduplicated by a stamp per id, and their
 * weights added in order of first sight — the same additions in the same order as
 * `compileBayes(model)(spamFeatures(text))`, so the same probability to the last bit (a unit test
 * compares both), without a string, Set or Map look-up per word.
 */
export function compileTextScorer(model: BayesModel, className: string): (text: string) => TextScore {
  const { classes } = model;
  const { base, delta } = weightsOf(model);
  const n = classes.length;
  const table = new FeatureTable();
  const weights: number[] = [];
  for (const [f, d] of delta) {
    const id = table.idOf(f);
    for (let i = 0; i < n; i++) weights[id * n + i] = d[i] ?? 0;
  }
  const known = table.size;
  const deltas = Float64Array.from(weights);
  const scores = new Float64Array(n);
  let seen = new Int32Array(known + 1024);
  let stamp = 0;
  let count = 0;
  const visit = (id: number) => {
    if (id >= seen.length) {
      const next = new Int32Array(Math.max(id + 1, seen.length * 2));
      next.set(seen);
      seen = next;
    }
    if (seen[id] === stamp) return;
    seen[id] = stamp;
    count++;
    if (id >= known) return; // unknown words carry no evidence
    for (let i = 0; i < n; i++) scores[i] = (scores[i] ?? 0) + (deltas[id * n + i] ?? 0);
  };
  const sink: FeatureSink = {
    word: (text, from, to) => visit(table.idOfRange(text, from, to)),
    marker: (feature) => visit(table.idOf(feature)),
  };
  return (text) => {
    if (stamp === 0x7fffffff) {
      seen.fill(0);
      stamp = 0;
    }
    stamp++;
    count = 0;
    for (let i = 0; i < n; i++) scores[i] = base[i] ?? 0;
    scanSpamFeatures(text, sink);
    const features = count;
    if (table.size > known + UNKNOWN_LIMIT) table.truncate(known);
    return { features, probability: posteriors(classes, scores)[className] ?? 0 };
  };
}
