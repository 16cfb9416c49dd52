// A no-op BullMQ worker: the baseline the pipeline's throughput is compared with in `npm run bench`.
// It exits once it has processed BARE_TOTAL jobs.
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const total = Number(process.env.BARE_TOTAL ?? 10_000);
const connection = new Redis(url, { maxRetriesPerRequest: null });
let done = 0;
const worker: Worker = new Worker(
  'bare',
  async () => {
    done += 1;
    if (done === total) setImmediate(() => void worker.close().then(() => process.exit(0)));
  },
  {
    connection,
    prefix: process.env.BARE_PREFIX ?? 'bench-bare',
    concurrency: Number(process.env.BARE_CONCURRENCY ?? 100),
    removeOnComplete: { count: 1000 },
  },
);
process.stdout.write('ready\n');
