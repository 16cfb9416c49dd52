import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RuleAssets } from '../core/rules/rule-kind.ts';

/**
 * Reads every `*.json` model in the models folder as a rule asset named after the file
 * (`models/spam-bayes.json` → `spam-bayes`). The rule kind that uses a model validates it.
 * A missing folder yields no assets; a rule that needs a model then fails to compile with its name.
 */
export async function loadModelAssets(dir: string): Promise<RuleAssets> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  const entries = await Promise.all(
    names.map(
      async (n) =>
        [n.replace(/\.json$/, ''), JSON.parse(await readFile(path.join(dir, n), 'utf8')) as unknown] as const,
    ),
  );
  return Object.freeze(Object.fromEntries(entries));
}
