import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Category } from '../../core/rules/rule-result.ts';

/** One row of the labelled corpus (`../shared/corpus/*.jsonl`, see its README). */
export const CorpusRowSchema = z.object({
  id: z.string(),
  text: z.string(),
  labels: z.array(z.enum(['obscene', 'insult', 'spam', 'illegal'])),
  source: z.string(),
});
export type CorpusRow = z.infer<typeof CorpusRowSchema>;

export const DEFAULT_CORPUS = '../shared/corpus/dev.jsonl';

/** The corpus calls our `unlawful` category `illegal`. */
export function labelToCategory(label: CorpusRow['labels'][number]): Category {
  return label === 'illegal' ? 'unlawful' : label;
}

/** Reads and validates a corpus file. @throws Error naming the line of a bad row. */
export async function readCorpus(file: string): Promise<CorpusRow[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const rows: CorpusRow[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const r = CorpusRowSchema.safeParse(JSON.parse(line));
    if (!r.success) throw new Error(`${file}:${i + 1}: ${r.error.issues[0]?.message ?? 'bad row'}`);
    rows.push(r.data);
  });
  return rows;
}
