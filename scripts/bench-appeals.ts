/**
 * `npm run bench:appeals`: throughput of appeal detection (on the already normalised text, as the
 * daemon calls it) over the corpus texts and the labelled appeal set, and of the deadline computation.
 * Rates are per CPU-second on one core.
 *
 * `--golden=FILE` instead writes every text's full detection and a grid of deadlines as JSON lines,
 * to compare (byte for byte) before and after a change to the detector or the working-time code.
 *
 * Usage: npm run bench:appeals [-- corpus.jsonl] [--seconds=3] [--golden=/tmp/appeals-golden.jsonl]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { compileAppealSetup } from '../core/appeals/appeal-setup.ts';
import { detectAppeal } from '../core/appeals/appeal-detector.ts';
import { addWorkingHours } from '../core/appeals/working-time.ts';
import { normalize } from '../core/text/normalize.ts';
import { loadConfig } from '../config/env.ts';
import { DEFAULT_CORPUS, readCorpus } from './lib/corpus.ts';
import { readLabelledAppeals } from './lib/labelled-appeals.ts';
import { printTable } from './lib/table.ts';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const corpusFile = args.find((a) => !a.startsWith('--')) ?? DEFAULT_CORPUS;
const seconds = Number(arg('seconds') ?? 3);
const golden = arg('golden');

const cfg = loadConfig();
const read = async (file: string) => ({ file, source: await readFile(file, 'utf8') });
const setup = compileAppealSetup({
  topics: await read(cfg.APPEALS_TOPICS_FILE),
  routing: await read(cfg.APPEALS_ROUTING_FILE),
  calendar: await read(cfg.APPEALS_CALENDAR_FILE),
});
const corpus = (await readCorpus(corpusFile)).map((r) => r.text);
const labelled = (await readLabelledAppeals()).map((r) => r.text);
// Departments with the same hours give the same deadlines: one of each kind is enough.
const schedules = [
  ...new Map(
    [...setup.routing.departments.values()].map((d) => [
      JSON.stringify([d.schedule.timeZone, d.schedule.week, d.schedule.observeHolidays]),
      { id: d.id, schedule: d.schedule },
    ]),
  ).values(),
];

/**
 * Instants every 7 min 13 s over 2026–2027 (an odd step, so every minute of the day and every weekday
 * comes up), each plus hours that end on a boundary, inside a day and across many days.
 */
function* deadlineCases(): Generator<[Date, number]> {
  const from = Date.parse('2025-12-31T15:00:00Z');
  const to = Date.parse('2027-12-31T15:00:00Z');
  const hours = [0, 0.5, 1, 2, 4, 7, 9, 40];
  let i = 0;
  for (let t = from; t < to; t += 433_000, i++) yield [new Date(t), hours[i % hours.length] ?? 9];
}

if (golden) {
  const lines: string[] = [];
  for (const [set, texts] of [
    ['corpus', corpus],
    ['labelled', labelled],
  ] as const) {
    texts.forEach((text, i) => {
      lines.push(JSON.stringify({ set, i, ...detectAppeal(setup.detector, text) }));
    });
  }
  for (const { id, schedule } of schedules) {
    for (const [start, h] of deadlineCases()) {
      const due = addWorkingHours(start, h, schedule).toISOString();
      lines.push(JSON.stringify({ department: id, start: start.toISOString(), hours: h, due }));
    }
  }
  await writeFile(golden, `${lines.join('\n')}\n`);
  console.log(`${lines.length} lines written to ${golden}`);
  process.exit(0);
}

let sink = 0;
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
/** Calls per CPU-second of `fn` over `items`, after one warm-up round (CPU time: other load does not count). */
function measure<T>(items: readonly T[], fn: (x: T) => number): number {
  for (const x of items) sink += fn(x);
  let n = 0;
  const start = cpuSeconds();
  while (cpuSeconds() - start < seconds) {
    for (const x of items) sink += fn(x);
    n += items.length;
  }
  return n / (cpuSeconds() - start);
}

const rate = (x: number): string => Math.round(x).toLocaleString('en-US');
const detect = (t: ReturnType<typeof normalize>) => detectAppeal(setup.detector, t).spans.length;
const rows: string[][] = [];
for (const [name, texts] of [
  ['corpus', corpus],
  ['labelled appeals', labelled],
] as const) {
  const normalized = texts.map((t) => normalize(t));
  const appeals = normalized.filter((t) => detectAppeal(setup.detector, t).isAppeal).length;
  rows.push([
    `detectAppeal, ${name} (${texts.length} texts, ${appeals} appeals)`,
    rate(measure(normalized, detect)),
  ]);
}
const office = setup.routing.departments.get('reception')?.schedule;
if (!office) throw new Error('the routing file has no department «reception»');
const starts = [...deadlineCases()].filter((_, i) => i % 16 === 0).map(([t]) => t);
rows.push([
  `addWorkingHours(9 h), office hours (${starts.length} instants 2026–2027)`,
  rate(measure(starts, (t) => addWorkingHours(t, 9, office).getTime())),
]);
console.log(
  `\nappeals ${setup.detector.version}; node ${process.version}; one core; ${seconds} CPU-s per figure\n`,
);
printTable(['what', 'per CPU-second'], rows, 80);
if (sink === -1) console.log(sink);
