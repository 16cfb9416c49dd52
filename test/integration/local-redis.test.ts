import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { answers, freePort } from '../../scripts/lib/local-redis.ts';

/** `npm run demo`'s own redis-server (started when no Redis answers) must not outlive the demo. */
describe('the redis-server a script starts for itself', () => {
  // Regression: a demo that failed (or crashed on a closed pipe) left its redis-server running on a
  // random port, for ever.
  it('is stopped when the script fails before stopping it', async () => {
    const nothing = `redis://127.0.0.1:${await freePort()}`;
    const script = `
      import { ensureRedis } from './scripts/lib/local-redis.ts';
      const r = await ensureRedis(${JSON.stringify(nothing)});
      console.log(r.url);
      throw new Error('the demo failed');`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    const started = out.trim();
    expect(started).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    await new Promise((r) => setTimeout(r, 300));
    expect(await answers(started)).toBe(false);
  }, 30_000);
});
