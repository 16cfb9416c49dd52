import { readFile } from 'node:fs/promises';
import { compileAppealSetup, type AppealSetup } from '../core/appeals/appeal-setup.ts';
import type { Config } from './env.ts';

type AppealFiles = Pick<Config, 'APPEALS_TOPICS_FILE' | 'APPEALS_ROUTING_FILE' | 'APPEALS_CALENDAR_FILE'>;

/** Reads and compiles the appeal topics, routing and calendar files. @throws {RuleFileError} */
export async function loadAppealSetup(cfg: AppealFiles): Promise<AppealSetup> {
  const read = async (file: string) => ({ file, source: await readFile(file, 'utf8') });
  const [topics, routing, calendar] = await Promise.all([
    read(cfg.APPEALS_TOPICS_FILE),
    read(cfg.APPEALS_ROUTING_FILE),
    read(cfg.APPEALS_CALENDAR_FILE),
  ]);
  return compileAppealSetup({ topics, routing, calendar });
}
