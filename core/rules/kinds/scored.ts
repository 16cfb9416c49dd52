import { z } from 'zod';
import type { Rule, RuleInput } from '../rule.ts';
import { baseRuleFields, type RuleKind } from '../rule-kind.ts';
import { hitResult, missResult } from '../rule-outcome.ts';
import type { RuleAction, Span } from '../rule-result.ts';
import { compileSignal, signalSchema, type SignalHit } from './scored-signals.ts';

export const scoredSchema = z
  .object({
    ...baseRuleFields,
    kind: z.literal('scored'),
    /** Evidence, each with a weight; the weights of the signals found are added up. */
    signals: z.array(signalSchema).min(1),
    /** Sum of weights from which the comment goes to a moderator. */
    review_at: z.number().positive(),
    /** Sum of weights from which the rule's action (`delete`) applies without a person. */
    delete_at: z.number().positive().optional(),
    /**
     * Names of signals of which at least one must be present for a deletion (e.g. a contact to
     * write to); without them the comment goes to review however high the sum.
     */
    delete_requires: z.array(z.string().min(2)).default([]),
    /** Names of signals of which at least one must be present for any hit (e.g. a drug name). */
    requires: z.array(z.string().min(2)).default([]),
  })
  .strict()
  .refine((d) => d.delete_at === undefined || d.delete_at >= d.review_at, {
    message: 'delete_at must not be below review_at',
    path: ['delete_at'],
  })
  .refine((d) => d.delete_requires.every((n) => d.signals.some((s) => s.name === n)), {
    message: 'delete_requires names a signal that is not in signals',
    path: ['delete_requires'],
  })
  .refine((d) => d.requires.every((n) => d.signals.some((s) => s.name === n)), {
    message: 'requires names a signal that is not in signals',
    path: ['requires'],
  });
export type ScoredDef = z.infer<typeof scoredSchema>;

/**
 * Adds up weighted evidence — word lists and patterns, links outside an allowlist, phone numbers,
 * mixed scripts, repeats by the same author, a naive Bayes classifier — like a spam filter: one
 * signal alone rarely decides, several together do. At `review_at` a person decides; at
 * `delete_at` (and only if the rule's action is `delete`) the comment is deleted.
 */
export const scoredKind: RuleKind = {
  kind: 'scored',
  schema: scoredSchema,
  compile(base, source, assets): Rule {
    const def = base as unknown as ScoredDef;
    const required = new Set(def.requires);
    // Signals without which the rule cannot fire run first: when none of them is found, the rest
    // is not looked at. The classifier is the costliest signal: it runs late, and only when it can
    // still matter. Signals with a negative weight (context that speaks against the rule) run
    // last: they can only turn a hit into a miss, so they are skipped whenever the sum is already
    // below review_at — which is most comments. Hits are reported in the file's order whatever the
    // order of evaluation.
    const rank = (s: ScoredDef['signals'][number]) =>
      required.has(s.name) ? 0 : s.weight < 0 ? 3 : s.type === 'bayes' ? 2 : 1;
    const detectors = def.signals
      .map((s, i) => ({
        order: i,
        weight: s.weight,
        rank: rank(s),
        detect: compileSignal(s, assets, { file: source, field: `${def.id}.signals[${i}]` }),
      }))
      .sort((a, b) => a.rank - b.rank || a.order - b.order);
    const requiredCount = detectors.filter((d) => d.rank === 0).length;
    const positiveAfter = detectors.map((_, i) =>
      detectors.slice(i).reduce((sum, d) => sum + Math.max(0, d.weight), 0),
    );
    const deleteAt = def.action === 'delete' ? (def.delete_at ?? Infinity) : Infinity;
    const gate = new Set(def.delete_requires);
    const miss = missResult(def);
    return {
      id: def.id,
      kind: 'scored',
      category: def.category,
      action: def.action,
      reason: def.reason,
      source,
      evaluate({ text, signals }: RuleInput) {
        let hits: SignalHit[] | undefined;
        let orders: number[] | undefined;
        let sum = 0;
        for (let i = 0; i < detectors.length; i++) {
          const d = detectors[i];
          if (!d) continue;
          if (i === requiredCount && requiredCount > 0 && !hits) return miss;
          // Not even every remaining signal could lift the sum to review_at: the answer is known.
          if (sum + (positiveAfter[i] ?? 0) < def.review_at) break;
          const h = d.detect(text, signals);
          if (h) {
            (hits ??= []).push(h);
            (orders ??= []).push(d.order);
            sum += h.weight;
          }
        }
        if (!hits || !orders || sum < def.review_at) return miss;
        if (requiredCount > 0 && !hits.some((f) => required.has(f.name))) return miss;
        const found = inFileOrder(hits, orders);
        const gateOpen = gate.size === 0 || found.some((f) => gate.has(f.name));
        const action: RuleAction = sum >= deleteAt && gateOpen ? 'delete' : 'review';
        const top = Math.max(def.review_at, def.delete_at ?? def.review_at);
        // Only evidence for the rule is highlighted for the moderator; a signal that spoke against
        // it (negative weight) is listed among the signals with its weight, not marked in the text.
        const spans: Span[] = [];
        const matched: string[] = [];
        const named: { name: string; weight: number; probability?: number }[] = [];
        for (const f of found) {
          named.push(
            f.probability !== undefined
              ? { name: f.name, weight: f.weight, probability: f.probability }
              : { name: f.name, weight: f.weight },
          );
          if (f.weight <= 0) continue;
          for (const sp of f.spans) spans.push(sp);
          for (const m of f.matched ?? []) matched.push(m);
        }
        return hitResult(def, action, sum / top, spans, {
          signals: named,
          matched,
          total: Math.round(sum * 100) / 100,
        });
      },
    };
  },
};

/** The hits sorted by their signals' places in the file (insertion sort: a handful at most). */
function inFileOrder(hits: SignalHit[], orders: number[]): SignalHit[] {
  for (let i = 1; i < hits.length; i++) {
    const h = hits[i];
    const o = orders[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (orders[j] ?? 0) > o) {
      hits[j + 1] = hits[j] as SignalHit;
      orders[j + 1] = orders[j] ?? 0;
      j--;
    }
    hits[j + 1] = h as SignalHit;
    orders[j + 1] = o;
  }
  return hits;
}
