/**
 * Trains the spam naive Bayes model with natural's BayesClassifier and writes
 * `models/spam-bayes.json` (counts only, never texts).
 *
 * Trains ONLY on corpus rows from MIT-licensed sources plus the examples the Strazh team wrote in
 * `fixtures/training/`. Usage: npm run train [-- corpus.jsonl]
 */
import { readFile, writeFile } from 'node:fs/promises';
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import type { BayesModel } from '../core/classify/bayes-model.ts';
import { spamFeatures } from '../core/classify/spam-features.ts';
import { normalize } from '../core/text/normalize.ts';
import { DEFAULT_CORPUS, readCorpus } from './lib/corpus.ts';

/** Corpus sources whose licence (MIT) allows a model trained on them to be committed. */
const MIT_SOURCES = new Set(['tg_spam_umputun', 'stankin_chat']);
/** Features seen fewer times than this are dropped: they carry little evidence and may be names. */
const MIN_FEATURE_COUNT = 2;

async function ownExamples(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

const features = (text: string) => spamFeatures(normalize(text).text);

async function main(): Promise<void> {
  const corpusFile = process.argv[2] ?? DEFAULT_CORPUS;
  const rows = (await readCorpus(corpusFile)).filter((r) => MIT_SOURCES.has(r.source));
  const docs: { text: string; label: 'spam' | 'ham' }[] = [
    ...rows.map((r) => ({
      text: r.text,
      label: r.labels.includes('spam') || r.labels.includes('illegal') ? ('spam' as const) : ('ham' as const),
    })),
    ...(await ownExamples('fixtures/training/spam-own.txt')).map((text) => ({
      text,
      label: 'spam' as const,
    })),
    ...(await ownExamples('fixtures/training/ham-own.txt')).map((text) => ({ text, label: 'ham' as const })),
  ];
  const classifier = new BayesClassifier({ tokenizeAndStem: features });
  for (const d of docs) classifier.addDocument(d.text, d.label);
  classifier.train();

  const classes = ['ham', 'spam'];
  const index = Object.keys(classifier.features);
  const raw = classifier.classifier;
  const out: Record<string, number[]> = {};
  index.forEach((feature, i) => {
    const counts = classes.map((c) => raw.classFeatures[c]?.[i] ?? 0);
    const seen = counts.reduce((a, n) => a + (n > 0 ? n - raw.smoothing : 0), 0);
    if (seen >= MIN_FEATURE_COUNT) out[feature] = counts;
  });
  const model: BayesModel = {
    format: 'strazh-bayes/1',
    trainedOn: `corpus sources ${[...MIT_SOURCES].join(', ')} (MIT) + fixtures/training/*-own.txt; ${docs.length} texts`,
    classes,
    totalExamples: raw.totalExamples,
    classTotals: Object.fromEntries(classes.map((c) => [c, raw.classTotals[c] ?? 1])),
    smoothing: raw.smoothing,
    features: Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b))),
  };
  await writeFile('models/spam-bayes.json', `${JSON.stringify(model, null, 0)}\n`);
  const counts = docs.reduce<Record<string, number>>((a, d) => ((a[d.label] = (a[d.label] ?? 0) + 1), a), {});
  process.stderr.write(
    `trained on ${docs.length} texts (${counts.spam ?? 0} spam, ${counts.ham ?? 0} ham); ${Object.keys(out).length} of ${index.length} features kept → models/spam-bayes.json\n`,
  );
}

await main();
