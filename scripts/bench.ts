/**
 * `npm run bench`: end-to-end throughput and latency of the whole pipeline on this machine.
 *
 * VK Callback API webhooks (real HTTP) → daemon (child process: fastify, {moderate}, rules, {act-vk}) →
 * VK API emulator (this process), with the corpus's mix of clean and violating comments. Measured in the
 * same run: a bare BullMQ no-op queue's throughput on the same Redis, and the ratio of the two.
 *
 *   npm run bench -- [--rate 1000] [--seconds 10] [--full 20000] [--bare 30000] [--warmup 3000] [--split]
 *                    [--floor 20000] (webhooks for the HTTP floor: a no-op route on the daemon's HTTP server; 0 skips)
 *                    [--concurrency 128] (webhooks in flight at full speed, as many VK communities at once)
 *                    [--processes 1] (daemons with every role; webhooks spread over them, as a load balancer would)
 *                    [--roles "http;moderate,act"] (one daemon per ;-separated ROLES value, e.g. webhooks apart)
 *                    [--out docs/bench-results.json]
 *
 * CPU and memory figures are the sum over the daemon's processes (two with --split or --roles a;b).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from '../config/env.ts';
import { CommentIntake } from '../queues/comment-intake.ts';
import { VkEmulator } from '../emulators/vk-emulator.ts';
import { deletePrefix, ensureRedis, freePort } from './lib/local-redis.ts';
import { cpuSeconds, machineBusySeconds, percentile, rssMb } from './lib/proc-stats.ts';
import { bucketQuantile, bucketsSince, histogramBuckets } from './lib/prom-histogram.ts';
import { printTable } from './lib/table.ts';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    full: { type: 'string', default: '20000' },
    bare: { type: 'string', default: '30000' },
    floor: { type: 'string', default: '20000' },
    warmup: { type: 'string', default: '3000' },
    split: { type: 'boolean', default: false },
    roles: { type: 'string', default: '' },
    concurrency: { type: 'string', default: '128' },
    processes: { type: 'string', default: '1' },
    out: { type: 'string', default: 'docs/bench-results.json' },
  },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const FULL = Number(args.full);
const BARE = Number(args.bare);
const FLOOR = Number(args.floor);
const WARMUP = Number(args.warmup);
const GROUP = 100000001;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function corpusTexts(): string[] {
  const file = '../shared/corpus/dev.jsonl';
  if (existsSync(file)) {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text);
  }
  return readFileSync('fixtures/comments/demo.jsonl', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  // A private redis-server keeps the memory figures clean; fall back to REDIS_URL when none is installed.
  const port = await freePort();
  const probe = await ensureRedis(`redis://127.0.0.1:${port}`).catch(() => undefined);
  if (probe) return probe;
  return { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', stop: async () => undefined };
}

/** The bare queue's jobs per second, and the whole machine's CPU per job while it ran (ms). */
async function bareThroughput(
  redisUrl: string,
  total: number,
): Promise<{ perSecond: number; machineMsPerJob: number }> {
  const prefix = `bench-bare-${process.pid}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/lib/bare-worker.ts'], {
    env: { ...process.env, REDIS_URL: redisUrl, BARE_TOTAL: String(total), BARE_PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const q = new Queue('bare', { connection, prefix });
  const machine0 = machineBusySeconds();
  const t0 = performance.now();
  for (let i = 0; i < total; i += 500) {
    const n = Math.min(500, total - i);
    await q.addBulk(
      Array.from({ length: n }, (_, j) => ({
        name: 'x',
        data: { i: i + j },
        opts: { removeOnComplete: 1000 },
      })),
    );
  }
  await exited;
  const seconds = (performance.now() - t0) / 1000;
  const machineMsPerJob = (1000 * (machineBusySeconds() - machine0)) / total;
  await q.close();
  connection.disconnect();
  await deletePrefix(redisUrl, prefix);
  return { perSecond: total / seconds, machineMsPerJob };
}

async function redisMemoryPerComment(redisUrl: string, texts: string[]): Promise<number> {
  const prefix = `bench-mem-${process.pid}`;
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const cfg = loadConfig({ REDIS_URL: redisUrl, QUEUE_PREFIX: prefix });
  const intake = new CommentIntake(connection, cfg);
  const used = async () => Number(/used_memory:(\d+)/.exec(await connection.info('memory'))?.[1] ?? 0);
  const n = 10_000;
  const before = await used();
  for (let i = 0; i < n; i += 500) {
    await intake.submitMany(
      Array.from({ length: 500 }, (_, j) => ({
        platform: 'vk' as const,
        accountId: 'bench-vk',
        commentId: String(i + j),
        objectId: '1',
        kind: 'wall_comment' as const,
        author: { id: String(1000 + ((i + j) % 997)), name: '' },
        text: texts[(i + j) % texts.length] ?? '',
        createdAt: new Date().toISOString(),
        receivedAt: Date.now(),
      })),
    );
  }
  const after = await used();
  await intake.close();
  connection.disconnect();
  await deletePrefix(redisUrl, prefix);
  return (after - before) / n;
}

/** One section of `INFO`, on a connection of its own (the bench's probes run between phases). */
async function redisInfo(redisUrl: string, section: string): Promise<string> {
  const c = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    return await c.info(section);
  } finally {
    c.disconnect();
  }
}

/** Redis commands run so far, per command (`INFO commandstats`); EVALSHA counts one per script. */
async function redisCalls(redisUrl: string): Promise<Map<string, number>> {
  const info = await redisInfo(redisUrl, 'commandstats');
  return new Map([...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => [m[1] ?? '', Number(m[2])]));
}

/** The Redis server's CPU seconds so far (all its threads), from `INFO cpu`. */
async function redisCpuSeconds(redisUrl: string): Promise<number> {
  const info = await redisInfo(redisUrl, 'cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** This process's CPU seconds so far: the load generator and the VK emulator. */
const benchCpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** `npm start`'s command line after `node` (its V8 flags and the script): the daemon as deployed. */
function startArgs(): string[] {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  const [node, ...rest] = pkg.scripts.start.split(/\s+/);
  if (node !== 'node' || !rest.includes('dist/daemon/main.js'))
    throw new Error(`package.json start script is not "node … dist/daemon/main.js": ${pkg.scripts.start}`);
  return rest;
}

/** Jobs ever added to each of the pipeline's queues (BullMQ's id counters). */
async function jobsAdded(redisUrl: string, prefix: string): Promise<{ moderate: number; act: number }> {
  const c = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const [moderate, act] = await c.mget(`${prefix}:{moderate}:id`, `${prefix}:{act-vk}:id`);
  c.disconnect();
  return { moderate: Number(moderate ?? 0), act: Number(act ?? 0) };
}

/** POSTs a JSON body; resolves once a 200 answer has been read, rejects on any other status. */
async function postOk(agent: http.Agent, url: string, body: string): Promise<void> {
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject);
    req.end(body);
  });
  if (status !== 200) throw new Error(`${url} answered ${status}`);
}

/**
 * The HTTP floor: the same webhooks, from the same load generator, to the daemon's HTTP server with
 * a route that only answers `ok` (scripts/lib/http-floor-server.ts) — what receiving them costs
 * before any moderation, so a run shows how much of the pipeline's limit is the transport's.
 */
async function httpFloor(
  bodies: (i: number) => string,
  total: number,
  concurrency: number,
): Promise<{ perSecond: number; serverCpuPct: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/lib/http-floor-server.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  onFailure.push(() => void child.kill('SIGKILL'));
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  const url = `http://127.0.0.1:${port}/webhooks/vk/bench-vk`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const pid = child.pid ?? 0;
  // Warm-up, not measured.
  for (let i = 0; i < Math.min(2000, total); i++) await postOk(agent, url, bodies(i));
  let next = 0;
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await postOk(agent, url, bodies(next++));
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const serverCpuPct = (100 * (cpuSeconds(pid) - cpu0)) / seconds;
  agent.destroy();
  child.kill();
  return { perSecond: total / seconds, serverCpuPct };
}

interface Sent {
  sentAt: number;
}

/** What to stop when the run fails half-way, so no daemon or redis-server outlives it. */
const onFailure: (() => Promise<unknown> | void)[] = [];

async function main(): Promise<void> {
  const texts = corpusTexts();
  const redis = await startRedis();
  onFailure.push(() => redis.stop());
  console.error(`bench: redis ${redis.url}, ${texts.length} corpus texts`);

  console.error(`bench: bare BullMQ no-op, ${BARE} jobs…`);
  const bare = await bareThroughput(redis.url, BARE);
  const memPerComment = await redisMemoryPerComment(redis.url, texts);

  const vk = await new VkEmulator({ groupId: GROUP, communityToken: 'c', userToken: 'u' }).start();
  /** The VK Callback API webhook of comment `id`: a corpus text, one of 5,000 authors. */
  const webhookBody = (id: number) =>
    JSON.stringify(vk.wallReply({ id, fromId: 1000 + (id % 5000), text: texts[id % texts.length] ?? '' }));
  let floor: { perSecond: number; serverCpuPct: number } | undefined;
  if (FLOOR > 0) {
    console.error(`bench: HTTP floor (no-op webhook route), ${FLOOR} webhooks…`);
    floor = await httpFloor((i) => webhookBody(i + 1), FLOOR, Number(args.concurrency));
  }
  const deletedAt = new Map<string, number>();
  vk.onCall = (call) => {
    if (call.method === 'wall.deleteComment')
      deletedAt.set(call.params.comment_id ?? '', performance.timeOrigin + performance.now());
  };
  const dir = await mkdtemp(path.join(tmpdir(), 'strazh-bench-'));
  const accountsFile = path.join(dir, 'accounts.yaml');
  await writeFile(
    accountsFile,
    `accounts:\n  - id: bench-vk\n    title: Bench\n    platform: vk\n    mode: enforce\n    api_base_url: ${vk.apiBaseUrl}\n    platform_ids: { group_id: ${GROUP} }\n    tokens: { community: B_C, user: B_U }\n`,
  );
  const prefix = `bench-${process.pid}`;
  // One daemon process with every role, or (--split) one taking webhooks and moderating and one
  // carrying out platform actions, as a 2-core deployment would run it (README, Scaling).
  // Or (--processes N) N daemons with every role sharing Redis and the audit file, the webhooks spread
  // over them as a load balancer in front of them would.
  const roleSets = args.roles
    ? args.roles.split(';')
    : args.split
      ? ['http,moderate', 'act']
      : Array.from({ length: Math.max(1, Number(args.processes)) }, () => 'http,moderate,act');
  const daemons = await Promise.all(
    roleSets.map(async (roles) => {
      const port = await freePort();
      const child = spawn(
        process.execPath,
        // Extra V8 flags (e.g. --cpu-prof) go before npm start's own, which end with the script.
        [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...startArgs()],
        {
          env: {
            PATH: process.env.PATH ?? '',
            REDIS_URL: redis.url,
            QUEUE_PREFIX: prefix,
            HTTP_PORT: String(port),
            ACCOUNTS_FILE: accountsFile,
            DATABASE_URL: `sqlite:${path.join(dir, 'audit.db')}`,
            RULES_WATCH: 'false',
            LOG_LEVEL: 'warn',
            ROLES: roles,
            ACT_MAX_PER_SECOND: '1000000',
            B_C: 'c',
            B_U: 'u',
            ...Object.fromEntries(
              Object.entries(process.env)
                .filter(([k]) => k.startsWith('BENCH_'))
                .map(([k, v]) => [k.slice(6), v ?? '']),
            ),
          },
          stdio: ['ignore', 'inherit', 'inherit'],
        },
      );
      onFailure.push(() => void child.kill('SIGKILL'));
      const url = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        if (child.exitCode !== null) throw new Error(`daemon (${roles}) exited with code ${child.exitCode}`);
        if (i === 200) throw new Error(`daemon (${roles}) not healthy after 20 s`);
        if (
          await fetch(`${url}/healthz`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        await sleep(100);
      }
      return { child, url, pid: child.pid ?? 0, http: roles.includes('http') };
    }),
  );
  const pids = daemons.map((d) => d.pid);
  const cpuAll = () => pids.reduce((n, p) => n + cpuSeconds(p), 0);
  const rssAll = () =>
    pids.map(rssMb).reduce((a, r) => ({ rss: a.rss + r.rss, peak: a.peak + r.peak }), { rss: 0, peak: 0 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(128, Number(args.concurrency)) });
  const hooks = daemons.filter((d) => d.http).map((d) => `${d.url}/webhooks/vk/bench-vk`);
  const sent = new Map<string, Sent>();
  let seq = 0;

  const sendOne = async () => {
    const id = ++seq;
    const body = webhookBody(id);
    sent.set(String(id), { sentAt: performance.timeOrigin + performance.now() });
    await postOk(agent, hooks[id % hooks.length] ?? '', body);
  };

  /** Sums a counter's series on `/metrics` whose labels contain `match`. */
  const metricSum = (text: string, name: string, match = ''): number => {
    let n = 0;
    for (const m of text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\d+)`, 'gm')))
      if ((m[1] ?? '').includes(match)) n += Number(m[2]);
    return n;
  };
  /** Every daemon process's `/metrics`, one after the other. */
  const metricsText = async () =>
    (await Promise.all(daemons.map(async (d) => (await fetch(`${d.url}/metrics`)).text()))).join('\n');
  const progress = async () => {
    const text = await metricsText();
    return {
      decided: metricSum(text, 'strazh_comments_decided_total'),
      toDelete: metricSum(text, 'strazh_comments_decided_total', 'outcome="delete"'),
      acted: metricSum(text, 'strazh_platform_actions_total'),
    };
  };
  const decidedTotal = async (): Promise<number> => (await progress()).decided;
  /** End to end: every comment decided and every decided deletion carried out on the platform. */
  const waitDrained = async (target: number, timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const p = await progress();
      if (p.decided >= target && p.acted >= p.toDelete) return true;
      await sleep(20);
    }
    return false;
  };

  // Warm-up, not measured: a daemon runs for days, so its first seconds (V8 compiling the hot code,
  // caches filling) are not what a steady rate meets.
  console.error(`bench: warm-up, ${WARMUP} comments…`);
  let warmSent = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (warmSent < WARMUP) {
        warmSent += 1;
        await sendOne();
      }
    }),
  );
  await waitDrained(WARMUP, 60_000);
  sent.clear();
  deletedAt.clear();

  /** The daemon's own view (its histograms): receipt → decision, receipt → automatic action done. */
  const stageBuckets = (text: string) => ({
    decision: histogramBuckets(text, 'strazh_decision_latency_seconds'),
    action: histogramBuckets(text, 'strazh_action_latency_seconds'),
  });

  // Phase 1: fixed rate.
  console.error(`bench: fixed rate ${RATE}/s for ${SECONDS}s…`);
  const stages0 = stageBuckets(await metricsText());
  const jobs0 = await jobsAdded(redis.url, prefix);
  const cpu0 = cpuAll();
  const t0 = performance.now();
  const inflight = new Set<Promise<void>>();
  const fixedTotal = RATE * SECONDS;
  let peakRss = 0;
  for (let i = 0; i < fixedTotal; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const p = sendOne().finally(() => inflight.delete(p));
    inflight.add(p);
    if (i % 500 === 0) peakRss = Math.max(peakRss, rssAll().rss);
  }
  await Promise.all(inflight);
  await waitDrained(WARMUP + fixedTotal, 30_000);
  await sleep(300);
  const fixedWall = (performance.now() - t0) / 1000;
  const fixedMetrics = await metricsText();
  /** A gauge summed over the daemon's processes, in MB. */
  const heapMb = (name: string) =>
    [...fixedMetrics.matchAll(new RegExp(`^${name} (\\d+)`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0) /
    1e6;
  const stages1 = stageBuckets(fixedMetrics);
  const jobs1 = await jobsAdded(redis.url, prefix);
  const stageMs = (which: 'decision' | 'action', q: number) =>
    +(1000 * bucketQuantile(bucketsSince(stages1[which], stages0[which]), q)).toFixed(1);
  const heap = {
    used: heapMb('strazh_nodejs_heap_size_used_bytes'),
    total: heapMb('strazh_nodejs_heap_size_total_bytes'),
  };
  const fixedCpu = cpuAll() - cpu0;
  peakRss = Math.max(peakRss, rssAll().rss);
  const lat: number[] = [];
  for (const [id, s] of sent) {
    const d = deletedAt.get(id);
    if (d !== undefined) lat.push(d - s.sentAt);
  }
  lat.sort((a, b) => a - b);
  const fixedDeletes = lat.length;

  // Phase 2: full speed.
  console.error(`bench: full speed, ${FULL} comments…`);
  const before = await decidedTotal();
  const calls0 = await redisCalls(redis.url);
  const cpu1 = cpuAll();
  const machine1 = machineBusySeconds();
  const redisCpu1 = await redisCpuSeconds(redis.url);
  const benchCpu1 = benchCpuSeconds();
  const t1 = performance.now();
  const CONC = Number(args.concurrency);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONC }, async () => {
      while (next < FULL) {
        next += 1;
        await sendOne();
      }
    }),
  );
  const fullSendWall = (performance.now() - t1) / 1000;
  const drained = await waitDrained(before + FULL, 120_000);
  const fullWall = (performance.now() - t1) / 1000;
  const fullCpu = cpuAll() - cpu1;
  const fullMachine = machineBusySeconds() - machine1;
  const fullBenchCpu = benchCpuSeconds() - benchCpu1;
  const fullRedisCpu = (await redisCpuSeconds(redis.url)) - redisCpu1;
  const { peak } = rssAll();
  const calls1 = await redisCalls(redis.url);
  const callsPer = [...calls1]
    .map(([k, v]) => [k, (v - (calls0.get(k) ?? 0)) / FULL] as const)
    .filter(([, v]) => v > 0.01)
    .sort((a, b) => b[1] - a[1]);
  console.error(
    `bench: Redis commands per comment: ${callsPer.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`,
  );
  const redisCallsPerComment = callsPer.reduce((n, [, v]) => n + v, 0);

  for (const d of daemons) d.child.kill('SIGTERM');
  await Promise.all(daemons.map((d) => new Promise((r) => d.child.once('exit', r))));
  agent.destroy();
  await vk.close();
  await deletePrefix(redis.url, prefix);
  await redis.stop();
  await rm(dir, { recursive: true, force: true });

  const throughput = FULL / fullWall;
  const result = {
    date: new Date().toISOString(),
    cores: (await import('node:os')).cpus().length,
    warmup_comments: WARMUP,
    daemon_processes: daemons.length,
    daemon_roles: roleSets.join(';'),
    fixed_rate: RATE,
    fixed_seconds: SECONDS,
    fixed_deletes_measured: fixedDeletes,
    latency_ms_p50: +percentile(lat, 50).toFixed(1),
    latency_ms_p95: +percentile(lat, 95).toFixed(1),
    latency_ms_p99: +percentile(lat, 99).toFixed(1),
    // From the daemon's histograms (bucket-interpolated): where the time goes.
    daemon_decision_ms_p50: stageMs('decision', 0.5),
    daemon_decision_ms_p99: stageMs('decision', 0.99),
    daemon_action_ms_p50: stageMs('action', 0.5),
    daemon_action_ms_p99: stageMs('action', 0.99),
    // How well the comments share per-job costs at this rate.
    fixed_comments_per_moderate_job: +(fixedTotal / Math.max(1, jobs1.moderate - jobs0.moderate)).toFixed(1),
    fixed_comments_per_act_job: +(fixedTotal / Math.max(1, jobs1.act - jobs0.act)).toFixed(1),
    fixed_daemon_cpu_pct: +((100 * fixedCpu) / fixedWall).toFixed(0),
    fixed_daemon_rss_mb: +peakRss.toFixed(0),
    fixed_daemon_heap_used_mb: +heap.used.toFixed(0),
    fixed_daemon_heap_total_mb: +heap.total.toFixed(0),
    full_comments: FULL,
    full_drained: drained,
    sustained_comments_per_s: +throughput.toFixed(0),
    full_webhooks_per_s: +(FULL / fullSendWall).toFixed(0),
    full_daemon_cpu_pct: +((100 * fullCpu) / fullWall).toFixed(0),
    // The whole machine (load generator, emulator and Redis included; niced processes left out).
    full_machine_cpu_pct: +((100 * fullMachine) / fullWall).toFixed(0),
    // Where the machine's CPU goes per comment at full speed (ms): two cores give 2,000 ms a second,
    // so 5,000 comments/s leave 0.4 ms per comment for all of these together.
    full_cpu_ms_per_comment_machine: +((1000 * fullMachine) / FULL).toFixed(3),
    full_cpu_ms_per_comment_daemon: +((1000 * fullCpu) / FULL).toFixed(3),
    full_cpu_ms_per_comment_redis: +((1000 * fullRedisCpu) / FULL).toFixed(3),
    full_cpu_ms_per_comment_load_generator_and_emulator: +((1000 * fullBenchCpu) / FULL).toFixed(3),
    daemon_peak_rss_mb: +peak.toFixed(0),
    redis_bytes_per_queued_comment: +memPerComment.toFixed(0),
    redis_commands_per_comment: +redisCallsPerComment.toFixed(1),
    bare_bullmq_noop_jobs_per_s: +bare.perSecond.toFixed(0),
    // What a job that does nothing costs the machine (adding it, fetching it, finishing it).
    bare_bullmq_cpu_ms_per_job_machine: +bare.machineMsPerJob.toFixed(3),
    ratio_to_bare: +(throughput / bare.perSecond).toFixed(2),
    ...(floor
      ? {
          http_floor_webhooks_per_s: +floor.perSecond.toFixed(0),
          http_floor_server_cpu_pct: +floor.serverCpuPct.toFixed(0),
          http_floor_server_cpu_ms_per_webhook: +((10 * floor.serverCpuPct) / floor.perSecond).toFixed(3),
        }
      : {}),
  };
  console.log(JSON.stringify(result));
  printTable(
    ['measure', 'value'],
    Object.entries(result).map(([k, v]) => [k, String(v)]),
  );
  await mkdir(path.dirname(args.out), { recursive: true });
  await writeFile(args.out, `${JSON.stringify(result, null, 2)}\n`);
}

await main().catch(async (err: unknown) => {
  for (const stop of onFailure.reverse()) await Promise.resolve(stop()).catch(() => undefined);
  throw err;
});
