/**
 * Classifies comments with the daemon's engine and rule files.
 * Reads JSON Lines `{"id", "text"}` from a file or stdin; writes one JSON line per input to stdout:
 * `{"id", "verdict", "categories", "rules": [{"id", "category", "score", "spans"}]}`.
 * Nothing else goes to stdout; problems go to stderr (a bad line gets an `error` line, exit code 1).
 *
 * Usage: npm run --silent classify [file.jsonl]
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { evaluateText } from '../core/engine.ts';
import { toClassifyLine } from './lib/classify-line.ts';
import { loadDaemonRules } from './lib/rule-engine.ts';

const InputSchema = z.object({ id: z.union([z.string(), z.number()]), text: z.string() });

async function main(): Promise<number> {
  const ruleSet = await loadDaemonRules();
  const file = process.argv[2];
  const input = file ? createReadStream(file, 'utf8') : process.stdin;
  let failed = 0;
  let lineNo = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === '') continue;
    let parsed: z.infer<typeof InputSchema>;
    try {
      parsed = InputSchema.parse(JSON.parse(line));
    } catch (err) {
      failed++;
      process.stderr.write(
        `line ${lineNo}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`,
      );
      continue;
    }
    const verdict = evaluateText(ruleSet, parsed.text);
    process.stdout.write(`${JSON.stringify(toClassifyLine(parsed.id, verdict))}\n`);
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
