import type { KyselyPlugin } from 'kysely';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundHealthEvent } from '../../adapters/inbound-health.ts';
import { AuditStore } from '../../store/audit-store.ts';
import { InboundHealthRecorder } from '../../store/inbound-health-recorder.ts';
import { DATABASES, testDatabase, type TestDatabase } from './support/test-databases.ts';

/** Counts the statements kysely sends (each was one commit on the event loop before batching). */
function statementCounter(): KyselyPlugin & { count: number } {
  const plugin = {
    count: 0,
    transformQuery: (args: Parameters<KyselyPlugin['transformQuery']>[0]) => {
      plugin.count += 1;
      return args.node;
    },
    transformResult: async (args: Parameters<KyselyPlugin['transformResult']>[0]) => args.result,
  };
  return plugin;
}

const event = (accountId: string, ok: boolean, problem?: string): InboundHealthEvent => ({
  platform: 'vk',
  accountId,
  channel: 'webhook',
  ok,
  problem,
  at: new Date(),
});

describe.each(DATABASES)('inbound health recorder on %s', (kind) => {
  let tdb: TestDatabase;
  let store: AuditStore;
  beforeEach(async () => {
    tdb = await testDatabase(kind);
    store = await AuditStore.open(tdb.url, { timeZone: 'Asia/Yakutsk' });
  });
  afterEach(async () => {
    await store.close();
    await tdb.drop();
  });

  const rows = () => store.db.selectFrom('audit_inbound_health').selectAll().orderBy('account_id').execute();

  it('a flood of 3,000 forged deliveries costs a few statements, not one write each', async () => {
    const counter = statementCounter();
    const recorder = new InboundHealthRecorder(
      store.db.withPlugin(counter),
      pino({ level: 'silent' }),
      60_000,
      50,
    );
    for (let i = 0; i < 3000; i++) recorder.hook(event('nr-vk', false, `403 wrong secret`));
    for (let i = 0; i < 10; i++) recorder.hook(event('other', false, `403 wrong group`));
    await recorder.record(event('nr-vk', false, '403 wrong secret (last)'));
    expect(counter.count).toBeLessThanOrEqual(4);
    expect((await rows()).map((r) => [r.account_id, r.errors_since_ok, r.last_error])).toEqual([
      ['nr-vk', 3001, '403 wrong secret (last)'],
      ['other', 10, '403 wrong group'],
    ]);
  });

  it('close() writes what still waits for its batch (shutdown before the database closes)', async () => {
    const recorder = new InboundHealthRecorder(store.db, pino({ level: 'silent' }), 60_000, 60_000);
    recorder.hook(event('nr-vk', false, '403 wrong secret'));
    await recorder.close();
    expect((await rows()).map((r) => [r.account_id, r.errors_since_ok])).toEqual([['nr-vk', 1]]);
  });

  it('a success after failures resets the count at once; later failures count from it', async () => {
    const recorder = new InboundHealthRecorder(store.db, pino({ level: 'silent' }), 60_000, 20);
    await recorder.record(event('nr-vk', false, '403 wrong secret'));
    await recorder.record(event('nr-vk', true));
    let [row] = await rows();
    expect([row?.errors_since_ok, row?.last_error, row?.last_ok_at !== null]).toEqual([
      0,
      '403 wrong secret',
      true,
    ]);
    // Throttled: a success within the minute after a written one is not written again.
    await recorder.record(event('nr-vk', true));
    await Promise.all([
      recorder.record(event('nr-vk', false, 'a')),
      recorder.record(event('nr-vk', false, 'b')),
    ]);
    [row] = await rows();
    expect([row?.errors_since_ok, row?.last_error]).toEqual([2, 'b']);
  });
});
