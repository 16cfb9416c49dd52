import type { AppealDetection } from './appeal-detection.ts';

/** A labelled comment as the evaluation needs it. */
export interface AppealLabel {
  readonly id: string;
  readonly text: string;
  readonly appeal: boolean;
  readonly kind: string | null;
  readonly topic: string | null;
}

export interface AppealScores {
  readonly rows: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Among true appeals that were detected: share with the right kind / topic. */
  readonly kindAccuracy: number;
  readonly topicAccuracy: number;
  /** Per labelled kind / topic: [right, total] among detected true appeals. */
  readonly perKind: Readonly<Record<string, readonly [number, number]>>;
  readonly perTopic: Readonly<Record<string, readonly [number, number]>>;
  /** Wrong answers, the most confident mistakes first. */
  readonly misses: readonly {
    readonly label: AppealLabel;
    readonly got: AppealDetection;
    readonly what: string;
  }[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Scores detections against labels: appeal vs not, then kind and topic of the detected appeals. Pure. */
export function scoreAppeals(pairs: readonly { label: AppealLabel; got: AppealDetection }[]): AppealScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let kindRight = 0;
  let topicRight = 0;
  const perKind: Record<string, [number, number]> = {};
  const perTopic: Record<string, [number, number]> = {};
  const misses: { label: AppealLabel; got: AppealDetection; what: string; weight: number }[] = [];
  for (const { label, got } of pairs) {
    if (label.appeal && got.isAppeal) {
      tp++;
      const k = (perKind[label.kind ?? '?'] ??= [0, 0]);
      const t = (perTopic[label.topic ?? '?'] ??= [0, 0]);
      k[1]++;
      t[1]++;
      if (got.kind === label.kind) {
        kindRight++;
        k[0]++;
      } else misses.push({ label, got, what: `kind ${got.kind} ≠ ${label.kind}`, weight: 0.1 });
      if (got.topic === label.topic) {
        topicRight++;
        t[0]++;
      } else misses.push({ label, got, what: `topic ${got.topic} ≠ ${label.topic}`, weight: 0.1 });
    } else if (label.appeal) {
      fn++;
      misses.push({ label, got, what: 'missed appeal', weight: 1 + (1 - got.score) });
    } else if (got.isAppeal) {
      fp++;
      misses.push({ label, got, what: 'false appeal', weight: 1 + got.score });
    } else tn++;
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    rows: pairs.length,
    tp,
    fp,
    fn,
    tn,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    kindAccuracy: ratio(kindRight, tp),
    topicAccuracy: ratio(topicRight, tp),
    perKind,
    perTopic,
    misses: misses.sort((a, b) => b.weight - a.weight).map(({ label, got, what }) => ({ label, got, what })),
  };
}
