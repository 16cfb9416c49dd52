import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../config/env.ts';
import { commentKey, type CommentInput } from '../../core/comment.ts';
import { startStrazh } from '../../daemon/app.ts';
import { VkEmulator } from '../../emulators/vk-emulator.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { AuditStore } from '../../store/audit-store.ts';
import { DATABASES, testDatabase, type TestDatabase } from './support/test-databases.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const GROUP_ID = 100000009;
const CHILD = path.join(import.meta.dirname, 'support', 'crash-after-audit.ts');
const TOKENS = { T_COMMUNITY: 'tok-community', T_USER: 'tok-user' };

function runChild(env: Record<string, string>): Promise<NodeJS.Signals | number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not crash in time: ${err}`));
    }, 20_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ?? code);
    });
  });
}

describe.each(DATABASES)('crash between the audit write and the platform call (%s)', (kind) => {
  let tdb: TestDatabase;
  let vk: VkEmulator;
  let dir: string;
  const prefix = `strazh-test-crash-${kind}-${process.pid}-${Date.now()}`;

  beforeEach(async () => {
    tdb = await testDatabase(kind);
    vk = await new VkEmulator({
      groupId: GROUP_ID,
      communityToken: TOKENS.T_COMMUNITY,
      userToken: TOKENS.T_USER,
    }).start();
    dir = await mkdtemp(path.join(tmpdir(), 'strazh-crash-'));
  });
  afterEach(async () => {
    await vk.close();
    await deletePrefix(REDIS_URL, prefix);
    await tdb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves a write-ahead record that the restarted daemon reconciles into a deletion', async () => {
    const accountsFile = path.join(dir, 'accounts.yaml');
    await writeFile(
      accountsFile,
      [
        'accounts:',
        '  - id: crash-vk',
        '    title: Тест',
        '    platform: vk',
        '    mode: enforce',
        `    api_base_url: ${vk.apiBaseUrl}`,
        `    platform_ids: { group_id: ${GROUP_ID} }`,
        '    tokens: { community: T_COMMUNITY, user: T_USER }',
        '',
      ].join('\n'),
    );
    const comment: CommentInput = {
      platform: 'vk',
      accountId: 'crash-vk',
      commentId: '4711',
      objectId: '12',
      ownerId: `-${GROUP_ID}`,
      kind: 'wall_comment',
      author: { id: '99', name: 'Аноним' },
      text: 'Да пошли вы нахуй',
      createdAt: '2026-03-04T01:00:00Z',
      receivedAt: Date.parse('2026-03-04T01:00:01Z'),
    };
    const env = {
      ...TOKENS,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DATABASE_URL: tdb.url,
      ACCOUNTS_FILE: accountsFile,
      RULES_WATCH: 'false',
      ROLES: 'moderate',
      HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
    };
    expect(await runChild({ ...env, CRASH_COMMENT: JSON.stringify(comment) })).toBe('SIGKILL');

    // After the crash: the record and the requested deletion are on file; nothing was deleted or queued.
    const key = commentKey({ platform: 'vk', accountId: 'crash-vk', commentId: '4711' });
    const store = await AuditStore.open(tdb.url, { timeZone: 'UTC' });
    try {
      const [rec] = await store.findComments(key);
      expect(rec?.comment).toMatchObject({ outcome: 'delete', text: 'Да пошли вы нахуй' });
      expect(rec?.actions).toMatchObject([{ action: 'delete', status: 'requested' }]);
      expect(vk.deleteCalls()).toHaveLength(0);

      // Restart with the act role: reconciliation finds no job and queues the deletion again.
      const cfg = loadConfig({ ...env, ROLES: 'act' });
      const app = await startStrazh({ cfg, env, log: pino({ level: 'silent' }) });
      try {
        const deadline = Date.now() + 15_000;
        let status = 'requested';
        while (status === 'requested' && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 100));
          status = (await store.findComments(key))[0]?.actions[0]?.status ?? 'missing';
        }
        expect(status).toBe('done');
        expect(vk.deleteCalls().map((c) => [c.method, c.params.comment_id])).toEqual([
          ['wall.deleteComment', '4711'],
        ]);
        expect(await store.pendingActions()).toEqual([]);
      } finally {
        await app.close();
      }
    } finally {
      await store.close();
    }
  });
});
