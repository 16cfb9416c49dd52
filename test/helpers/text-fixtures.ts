import { readFileSync } from 'node:fs';
import path from 'node:path';

const here = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'fixtures');

/** Lines of a fixture text file (`fixtures/texts/<name>.txt`), without comments and blank lines. */
export function fixtureLines(name: string): string[] {
  return readFileSync(path.join(here, 'texts', `${name}.txt`), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** A broken rule file from `fixtures/rules-broken/` as a rule-file source. */
export function brokenRuleFile(name: string): { file: string; source: string } {
  const file = path.join('fixtures', 'rules-broken', `${name}.yaml`);
  return { file, source: readFileSync(path.join(here, 'rules-broken', `${name}.yaml`), 'utf8') };
}
