/**
 * `npm run eval:appeals`: precision / recall / F1 of appeal detection on the hand-labelled set
 * `fixtures/appeals/labelled.jsonl`, separately for the `tune` part (rules were written looking at it)
 * the `holdout` part (written together with it, never tuned on) and the `blind` part (written after the
 * rules were frozen), then per-kind and per-topic accuracy
 * and the worst misses. `--misses=N` shows N misses (default 15); `--split=tune` shows only those (look only at tune misses when editing the rules).
 */
import { readFile } from 'node:fs/promises';
import { compileAppealDetector, detectAppeal } from '../core/appeals/appeal-detector.ts';
import { scoreAppeals, type AppealScores } from '../core/appeals/appeal-metrics.ts';
import { loadConfig } from '../config/env.ts';
import { readLabelledAppeals, type LabelledAppeal } from './lib/labelled-appeals.ts';
import { printTable } from './lib/table.ts';

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

async function main(): Promise<void> {
  const cfg = loadConfig();
  const file = cfg.APPEALS_TOPICS_FILE;
  const detector = compileAppealDetector(file, await readFile(file, 'utf8'));
  const rows = await readLabelledAppeals();
  const run = (subset: readonly LabelledAppeal[]): AppealScores =>
    scoreAppeals(subset.map((label) => ({ label, got: detectAppeal(detector, label.text) })));
  const parts: [string, AppealScores][] = [
    ['tune', run(rows.filter((r) => r.split === 'tune'))],
    ['holdout', run(rows.filter((r) => r.split === 'holdout'))],
    ['blind', run(rows.filter((r) => r.split === 'blind'))],
    ['all', run(rows)],
  ];
  console.log(`appeal detection — ${file} (version ${detector.version}), ${rows.length} labelled comments\n`);
  printTable(
    ['split', 'rows', 'TP', 'FP', 'FN', 'TN', 'precision', 'recall', 'F1', 'kind acc', 'topic acc'],
    parts.map(([name, s]) => [
      name,
      String(s.rows),
      String(s.tp),
      String(s.fp),
      String(s.fn),
      String(s.tn),
      pct(s.precision),
      pct(s.recall),
      pct(s.f1),
      pct(s.kindAccuracy),
      pct(s.topicAccuracy),
    ]),
  );
  const all = parts[3]?.[1];
  if (!all) return;
  const breakdown = (title: string, m: AppealScores['perKind']) => {
    console.log(`\n${title} (detected true appeals, all splits)`);
    printTable(
      [title, 'right', 'total', 'accuracy'],
      Object.entries(m)
        .sort((a, b) => b[1][1] - a[1][1])
        .map(([k, [right, total]]) => [k, String(right), String(total), pct(right / total)]),
    );
  };
  breakdown('kind', all.perKind);
  breakdown('topic', all.perTopic);
  const split = arg('split');
  const n = Number(arg('misses') ?? 15);
  const misses = (split ? parts.find(([p]) => p === split)?.[1] : all)?.misses ?? [];
  console.log(`\nworst misses (${Math.min(n, misses.length)} of ${misses.length})`);
  printTable(
    ['id', 'what', 'score', 'signals', 'text'],
    misses
      .slice(0, n)
      .map((m) => [m.label.id, m.what, m.got.score.toFixed(2), m.got.signals.join(' '), m.label.text]),
    70,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
