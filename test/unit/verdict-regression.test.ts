import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateText, type Verdict } from '../../core/engine.ts';
import { registerWordClassifier } from '../../core/rules/kinds/word-index.ts';
import { normalize } from '../../core/text/normalize.ts';
import { readCorpus } from '../../scripts/lib/corpus.ts';
import { toClassifyLine } from '../../scripts/lib/classify-line.ts';
import { daemonRuleSet } from '../helpers/daemon-rules.ts';
import { fixtureLines } from '../helpers/text-fixtures.ts';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const ruleSet = daemonRuleSet();

/**
 * The same verdict computed the slow way: every rule on its own fresh normalisation (no word
 * split, word index or digit answer shared between rules), so nothing one rule or one comment
 * left in a cache can change another's answer.
 */
function isolated(text: string): Verdict {
  const shared = evaluateText(ruleSet, text);
  const results = ruleSet.rules.map((rule) => rule.evaluate({ text: normalize(text), signals: {} }));
  return { ...shared, results };
}

describe('verdicts stay what they were (speed-ups must not change them)', () => {
  const texts = fixtureLines('verdict-regression');
  const expected = readFileSync(
    path.join(root, 'fixtures', 'texts', 'verdict-regression.expected.jsonl'),
    'utf8',
  )
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);

  it('has one expected line per fixture comment', () => {
    expect(expected).toHaveLength(texts.length);
  });

  it.each(texts.map((t, i) => [i + 1, t] as const))('comment %i: %s', (id, text) => {
    expect(toClassifyLine(id, evaluateText(ruleSet, text))).toEqual(expected[id - 1]);
  });

  it('gives the same answers in any order and with the word index forgotten', () => {
    const forward = texts.map((t, i) => toClassifyLine(i, evaluateText(ruleSet, t)));
    registerWordClassifier({ classify: () => 0 }); // forgets every remembered word
    const backward = texts.map((t, i) => [i, t] as const).reverse();
    const again = backward.map(([i, t]) => toClassifyLine(i, isolated(t))).reverse();
    expect(again).toEqual(forward);
  });

  const corpus = path.join(root, '..', 'shared', 'corpus', 'dev.jsonl');
  it.skipIf(!existsSync(corpus))(
    'dev corpus: shared caches give the verdicts of isolated evaluation',
    async () => {
      const rows = await readCorpus(corpus);
      const forward = rows.map((r) => toClassifyLine(r.id, evaluateText(ruleSet, r.text)));
      const diffs: string[] = [];
      for (let i = rows.length - 1; i >= 0; i--) {
        const row = rows[i];
        if (!row) continue;
        if (i % 500 === 0) registerWordClassifier({ classify: () => 0 });
        const line = toClassifyLine(row.id, isolated(row.text));
        if (JSON.stringify(line) !== JSON.stringify(forward[i])) diffs.push(row.id);
      }
      expect(diffs).toEqual([]);
    },
  );
});
