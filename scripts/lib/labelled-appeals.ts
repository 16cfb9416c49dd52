import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { APPEAL_KINDS } from '../../core/appeals/appeal-detection.ts';

/** One hand-written, hand-labelled comment of `fixtures/appeals/labelled.jsonl`. */
export const LabelledAppealSchema = z
  .object({
    id: z.string(),
    text: z.string().min(1),
    appeal: z.boolean(),
    kind: z.enum(APPEAL_KINDS).nullable(),
    topic: z.string().nullable(),
    /** `appeal`, or what the non-appeal is: thanks, greeting, chatter, criticism (without a request). */
    class: z.enum(['appeal', 'thanks', 'greeting', 'chatter', 'criticism']),
    /** `tune`: looked at while writing rules; `holdout`: written with them, never tuned on; `blind`: written after the rules were frozen. */
    split: z.enum(['tune', 'holdout', 'blind']),
  })
  .strict()
  .refine((r) => r.appeal === (r.kind !== null && r.topic !== null && r.class === 'appeal'), {
    message: 'appeal rows need kind and topic, the others neither',
  });
export type LabelledAppeal = z.infer<typeof LabelledAppealSchema>;

export const LABELLED_APPEALS_FILE = 'fixtures/appeals/labelled.jsonl';

/** Reads and validates the labelled appeal set. @throws Error naming the bad line. */
export async function readLabelledAppeals(file = LABELLED_APPEALS_FILE): Promise<LabelledAppeal[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const rows: LabelledAppeal[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const r = LabelledAppealSchema.safeParse(JSON.parse(line));
    if (!r.success) throw new Error(`${file}:${i + 1}: ${r.error.issues[0]?.message ?? 'invalid'}`);
    rows.push(r.data);
  });
  return rows;
}
