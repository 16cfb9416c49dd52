/**
 * Measures the rule set on a labelled corpus (default ../shared/corpus/dev.jsonl): delete-vs-keep
 * first, then per category precision / recall / F1, the share of clean comments deleted or sent to
 * review, the share of violations caught, and the 20 worst misses and false alarms.
 *
 * Usage: npm run eval [-- file.jsonl] [--source=name] [--misses=category] [--json] [--dump=judged.jsonl] [--rules=dir]
 */
import { writeFile } from 'node:fs/promises';
import { evaluateText } from '../core/engine.ts';
import { DEFAULT_CORPUS, labelToCategory, readCorpus } from './lib/corpus.ts';
import { summarize, type Judged } from './lib/eval-metrics.ts';
import { loadDaemonRules } from './lib/rule-engine.ts';
import { printTable } from './lib/table.ts';

const args = process.argv.slice(2);
const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const file = args.find((a) => !a.startsWith('--')) ?? DEFAULT_CORPUS;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

const ruleSet = await loadDaemonRules(opt('rules') ?? 'rules');
const source = opt('source');
const corpus = (await readCorpus(file)).filter((r) => !source || r.source === source);
const judged: Judged[] = corpus.map((row) => {
  const v = evaluateText(ruleSet, row.text);
  const hits = v.results.filter((r) => r.hit);
  return {
    id: row.id,
    text: row.text,
    source: row.source,
    truth: row.labels.map(labelToCategory),
    verdict: v.verdict,
    predicted: v.categories,
    score: Math.max(0, ...hits.map((h) => h.score)),
    rules: hits.map((h) => `${h.ruleId}${h.details.action === 'delete' ? '!' : ''}`),
  };
});
const s = summarize(judged);

const dump = opt('dump');
if (dump) await writeFile(dump, judged.map((r) => JSON.stringify(r)).join('\n') + '\n');

if (args.includes('--json')) {
  console.log(JSON.stringify(s, null, 2));
} else {
  console.log(
    `\n${file}: ${s.rows} rows (${s.clean} clean, ${s.violations} violations), rule set ${ruleSet.version}\n`,
  );
  printTable(
    ['delete vs keep', 'value', 'target'],
    [
      ['clean auto-deleted', pct(s.cleanDeleted), '≤ 0.5 %'],
      ['clean sent to review', pct(s.cleanReviewed), '≤ 10 %'],
      ['violations caught (delete or review)', pct(s.violationsCaught), ''],
      ['violations auto-deleted', pct(s.violationsDeleted), ''],
      ['auto-delete precision', pct(s.deletePrecision), '≥ 98 %'],
      ['flag (delete or review) precision', pct(s.flagPrecision), ''],
    ],
  );
  console.log('');
  printTable(
    ['category', 'rows', 'caught', 'auto-deleted', 'precision', 'recall', 'F1'],
    s.perCategory.map((c) => [
      c.category,
      String(c.rows),
      pct(c.caught),
      pct(c.autoDeleted),
      pct(c.precision),
      pct(c.recall),
      c.f1.toFixed(3),
    ]),
  );
  console.log(
    '\n"caught" = deleted or sent to review, whatever category fired; precision counts an insult on an obscene row as right (corpus README).',
  );
  const only = opt('misses');
  const misses = judged
    .filter((r) => r.truth.length > 0 && r.verdict === 'keep' && (!only || r.truth.includes(only as never)))
    .slice(0, 20);
  console.log(
    `\nworst misses (violations kept), first 20 of ${judged.filter((r) => r.truth.length > 0 && r.verdict === 'keep').length}:`,
  );
  printTable(
    ['id', 'labels', 'text'],
    misses.map((r) => [r.id, r.truth.join(','), r.text]),
    110,
  );
  const alarms = judged
    .filter((r) => r.truth.length === 0 && r.verdict !== 'keep')
    .sort((a, b) => (a.verdict === b.verdict ? b.score - a.score : a.verdict === 'delete' ? -1 : 1))
    .slice(0, 20);
  console.log(
    `\nworst false alarms (clean rows flagged), first 20 of ${judged.filter((r) => r.truth.length === 0 && r.verdict !== 'keep').length}:`,
  );
  printTable(
    ['id', 'verdict', 'rules', 'text'],
    alarms.map((r) => [r.id, r.verdict, r.rules.join(' '), r.text]),
    90,
  );
}
