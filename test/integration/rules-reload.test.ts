import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuleSetHolder } from '../../config/rules-loader.ts';
import { evaluateText } from '../../core/engine.ts';
import { RuleFileError } from '../../core/rules/rule-file-error.ts';
import { waitFor } from '../helpers/harness.ts';
import { captureLogger, PINO_ERROR } from '../helpers/log-capture.ts';

describe('rule hot reload', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'strazh-rules-'));
    await copyFile('fixtures/rule-files/valid-extra.yaml', path.join(dir, 'casino.yaml'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('a broken rule file leaves the previous rules in force and is reported with file, line and field', async () => {
    const { log, lines } = captureLogger();
    const errors: unknown[] = [];
    const holder = await RuleSetHolder.open(dir, log, {}, { onError: (e) => errors.push(e) });
    const before = holder.current;
    expect(evaluateText(before, 'Лучшее казино города').verdict).toBe('review');

    await copyFile('fixtures/rule-files/unknown-field.yaml', path.join(dir, 'zz-broken.yaml'));
    expect(await holder.reload()).toBe(false);
    expect(holder.current).toBe(before);
    expect(evaluateText(holder.current, 'Лучшее казино города').verdict).toBe('review');
    expect(errors[0]).toBeInstanceOf(RuleFileError);
    expect(errors[0]).toMatchObject({ file: path.join(dir, 'zz-broken.yaml'), line: 3, field: 'rules[0]' });
    const logged = lines.find((l) => l.level === PINO_ERROR);
    expect(logged?.keptVersion).toBe(before.version);
  });

  it('watches the folder and swaps in a valid change', async () => {
    const { log } = captureLogger();
    const holder = await RuleSetHolder.open(dir, log);
    holder.watch(50);
    try {
      const before = holder.current.version;
      expect(evaluateText(holder.current, 'Продаю гараж').verdict).toBe('keep');
      await writeFile(
        path.join(dir, 'garage.yaml'),
        'version: 1\nrules:\n  - id: spam.garage\n    kind: wordlist\n    category: spam\n    action: review\n    reason: Объявление\n    words: [продаю]\n',
      );
      await waitFor(() => holder.current.version !== before, 5000, 'reload');
      expect(evaluateText(holder.current, 'Продаю гараж').verdict).toBe('review');
    } finally {
      holder.close();
    }
  });
});
