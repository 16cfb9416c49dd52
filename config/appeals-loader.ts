import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
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

/**
 * Holds the appeal setup in force. A reload compiles all three files into a new setup and swaps the
 * reference in one assignment; a broken file leaves the old setup in force and is logged with its
 * file, line and field (like the moderation rules).
 */
export class AppealSetupHolder {
  #current: AppealSetup;
  #watchers: FSWatcher[] = [];
  #timer: NodeJS.Timeout | undefined;

  private constructor(
    initial: AppealSetup,
    private readonly cfg: AppealFiles,
    private readonly log: Logger,
  ) {
    this.#current = initial;
  }

  /** Loads the files once. @throws {RuleFileError} so a broken file stops start-up. */
  static async open(cfg: AppealFiles, log: Logger): Promise<AppealSetupHolder> {
    return new AppealSetupHolder(await loadAppealSetup(cfg), cfg, log);
  }

  get current(): AppealSetup {
    return this.#current;
  }

  /** Re-reads the files; returns true when the new setup is in force. Never throws. */
  async reload(): Promise<boolean> {
    try {
      const next = await loadAppealSetup(this.cfg);
      this.#current = next;
      this.log.info({ detector: next.detector.version }, 'appeal files reloaded');
      return true;
    } catch (err) {
      this.log.error(
        { err, keptDetector: this.#current.detector.version },
        'appeal files rejected; previous ones stay in force',
      );
      return false;
    }
  }

  /** Reloads shortly after one of the files changes (editors write files in several steps). */
  watch(debounceMs = 300): void {
    if (this.#watchers.length > 0) return;
    const files = [
      this.cfg.APPEALS_TOPICS_FILE,
      this.cfg.APPEALS_ROUTING_FILE,
      this.cfg.APPEALS_CALENDAR_FILE,
    ];
    // Watch the folders, not the files: editors replace a file by renaming, which ends a file watch.
    for (const dir of new Set(files.map((f) => path.dirname(f)))) {
      const names = new Set(files.filter((f) => path.dirname(f) === dir).map((f) => path.basename(f)));
      const w = watch(dir, (_event, name) => {
        if (name !== null && !names.has(name.toString())) return;
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => void this.reload(), debounceMs);
      });
      w.on('error', (err) => this.log.error({ err, dir }, 'appeal files watch failed'));
      this.#watchers.push(w);
    }
  }

  close(): void {
    clearTimeout(this.#timer);
    for (const w of this.#watchers) w.close();
    this.#watchers = [];
  }
}
