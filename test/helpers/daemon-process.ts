import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

const COMPILED = 'dist/daemon/main.js';

/** The real daemon (`daemon/main.ts`) in a child process, so tests can SIGKILL or SIGTERM it. */
export class DaemonProcess {
  readonly output: string[] = [];
  #child: ChildProcess | undefined;
  #exit: Promise<number | null> | undefined;

  constructor(
    private readonly env: Record<string, string>,
    /** Run the build in `dist/` (`npm run build`), as production does, instead of the sources. */
    private readonly compiled = false,
  ) {}

  start(): this {
    if (this.compiled && !existsSync(COMPILED)) throw new Error(`${COMPILED} is missing: run npm run build`);
    // `node --import tsx` (not the tsx CLI) so the signal reaches the daemon itself, not a wrapper.
    const args = this.compiled ? [COMPILED] : ['--import', 'tsx', 'daemon/main.ts'];
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => this.output.push(d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => this.output.push(d.toString('utf8')));
    this.#exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.#child = child;
    return this;
  }

  /** Resolves when the daemon logged that it started. */
  async ready(timeoutMs = 15_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (this.output.join('').includes('strazh started')) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`daemon did not start:\n${this.output.join('')}`);
  }

  kill(signal: NodeJS.Signals): void {
    this.#child?.kill(signal);
  }

  exited(): Promise<number | null> {
    return this.#exit ?? Promise.resolve(null);
  }
}
