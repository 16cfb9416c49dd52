import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { compileRuleSet, type RuleFileSource } from '../core/rules/compile-rule-set.ts';
import { RULE_KINDS } from '../core/rules/kinds/index.ts';
import type { RuleSet } from '../core/rules/rule.ts';
import type { RuleAssets } from '../core/rules/rule-kind.ts';

/** Reads every `*.yaml`/`*.yml` file in the rules folder. */
export async function readRuleFiles(dir: string): Promise<RuleFileSource[]> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  return Promise.all(
    names.map(async (n) => ({ file: path.join(dir, n), source: await readFile(path.join(dir, n), 'utf8') })),
  );
}

/** Loads and compiles the rule folder once. @throws {RuleFileError} */
export async function loadRuleSet(dir: string, assets: RuleAssets = {}): Promise<RuleSet> {
  return compileRuleSet(await readRuleFiles(dir), RULE_KINDS, assets);
}

export interface RuleReloadEvents {
  onReload?(set: RuleSet): void;
  onError?(err: unknown): void;
}

/**
 * Holds the rule set in force. A reload compiles the whole folder into a new set and swaps the
 * reference in one assignment: a job sees either the old set or the new one, never a mix, and a
 * broken file leaves the old set in force.
 */
export class RuleSetHolder {
  #current: RuleSet;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    initial: RuleSet,
    private readonly dir: string,
    private readonly log: Logger,
    private readonly assets: RuleAssets = {},
    private readonly events: RuleReloadEvents = {},
  ) {
    this.#current = initial;
  }

  static async open(dir: string, log: Logger, assets: RuleAssets = {}, events: RuleReloadEvents = {}) {
    const set = await loadRuleSet(dir, assets);
    log.info({ version: set.version, rules: set.rules.length, files: set.files.length }, 'rule set loaded');
    return new RuleSetHolder(set, dir, log, assets, events);
  }

  get current(): RuleSet {
    return this.#current;
  }

  /** Re-reads the folder; returns true when the new set is in force. Never throws. */
  async reload(): Promise<boolean> {
    try {
      const next = await loadRuleSet(this.dir, this.assets);
      if (next.version !== this.#current.version) {
        this.#current = next;
        this.log.info({ version: next.version, rules: next.rules.length }, 'rule set reloaded');
        this.events.onReload?.(next);
      }
      return true;
    } catch (err) {
      this.log.error(
        { err, keptVersion: this.#current.version },
        'rule files rejected; previous rules stay in force',
      );
      this.events.onError?.(err);
      return false;
    }
  }

  /** Reloads shortly after the folder changes (editors write files in several steps). */
  watch(debounceMs = 300): void {
    if (this.#watcher) return;
    this.#watcher = watch(this.dir, () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.reload(), debounceMs);
    });
    this.#watcher.on('error', (err) => this.log.error({ err }, 'rules folder watch failed'));
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#watcher?.close();
    this.#watcher = undefined;
  }
}
