import type { Verdict } from '../../core/engine.ts';

/** The classify CLI's output line for one comment (format fixed by issue 3). */
export interface ClassifyLine {
  readonly id: unknown;
  readonly verdict: 'delete' | 'review' | 'keep';
  readonly categories: readonly string[];
  readonly rules: readonly { id: string; category: string; score: number; spans: [number, number][] }[];
}

/** Renders a verdict as the CLI's JSON line object: only the rules that hit. */
export function toClassifyLine(id: unknown, v: Verdict): ClassifyLine {
  return {
    id,
    verdict: v.verdict,
    categories: v.categories,
    rules: v.results
      .filter((r) => r.hit)
      .map((r) => ({
        id: r.ruleId,
        category: r.category,
        score: Math.round(r.score * 1000) / 1000,
        spans: r.spans.map((s) => [s.start, s.end] as [number, number]),
      })),
  };
}
