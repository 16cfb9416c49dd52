import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SqliteHotWrites } from './sqlite-hot-writes.ts';
import { applySqlitePragmas } from './sqlite-pragmas.ts';
import type { WriteReply, WriteRequest } from './sqlite-writer.ts';

/** The audit log's hot writes on a thread of their own: see `sqlite-writer.ts`. */
const port = parentPort;
if (!port) throw new Error('sqlite-writer-worker runs as a worker thread');
const database = new Database((workerData as { file: string }).file);
applySqlitePragmas(database);
const hot = new SqliteHotWrites(database);

port.on('message', (m: WriteRequest) => {
  let reply: WriteReply;
  try {
    if (m.kind === 'decisions') hot.writeDecisions(m.rows);
    else hot.writeOutcomes(m.rows);
    reply = { id: m.id };
  } catch (err) {
    reply = { id: m.id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
