/**
 * Throughput of normalisation + the whole rule set, on one core, over the corpus texts; with
 * leo-profanity's plain `check()` on the same texts measured in the same run as the reference.
 *
 * Usage: npm run bench:rules [-- corpus.jsonl] [--seconds=3]
 */
import leo from 'leo-profanity';
import { evaluateText } from '../core/engine.ts';
import { normalize } from '../core/text/normalize.ts';
import { DEFAULT_CORPUS, readCorpus } from './lib/corpus.ts';
import { loadDaemonRules } from './lib/rule-engine.ts';
import { printTable } from './lib/table.ts';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? DEFAULT_CORPUS;
const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 3);

const ruleSet = await loadDaemonRules();
const all = (await readCorpus(file)).map((r) => r.text);
const typical = all.filter((t) => t.length >= 100 && t.length <= 300);

let sink = 0;
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
/**
 * Runs `fn` over the texts round after round for about `seconds` of CPU time; returns texts per
 * CPU-second. CPU time, not wall time, so that other processes sharing the machine do not count
 * against us (the figure is what one core does when it is ours).
 */
function measure(texts: readonly string[], fn: (t: string) => number): number {
  for (const t of texts) sink += fn(t); // warm-up: let V8 optimise before the clock runs
  let n = 0;
  const start = cpuSeconds();
  while (cpuSeconds() - start < seconds) {
    for (const t of texts) sink += fn(t);
    n += texts.length;
  }
  return n / (cpuSeconds() - start);
}

const engine = (t: string) => evaluateText(ruleSet, t).results.length;
const normalizeOnly = (t: string) => normalize(t).text.length;
const leoCheck = (t: string) => (leo.check(t) ? 1 : 0);

const rows: string[][] = [];
for (const [name, texts] of [
  ['100–300 chars', typical],
  ['whole corpus', all],
] as const) {
  const meanLen = Math.round(texts.reduce((a, t) => a + t.length, 0) / texts.length);
  const e = measure(texts, engine);
  const nrm = measure(texts, normalizeOnly);
  const l = measure(texts, leoCheck);
  rows.push([
    `${name} (${texts.length} texts, mean ${meanLen} chars)`,
    Math.round(e).toLocaleString('en-US'),
    Math.round(nrm).toLocaleString('en-US'),
    Math.round(l).toLocaleString('en-US'),
    `${(e / l).toFixed(2)}×`,
  ]);
}
console.log(
  `\nrule set ${ruleSet.version}: ${ruleSet.rules.length} rules; node ${process.version}; one core; ${seconds} CPU-s per figure; rates are per CPU-second\n`,
);
printTable(
  ['texts', 'Strazh comments/s', 'normalise only /s', 'leo-profanity check /s', 'Strazh ÷ leo'],
  rows,
  70,
);
if (sink === -1) console.log(sink);
