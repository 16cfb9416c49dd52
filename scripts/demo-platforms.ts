/**
 * `npm run demo:platforms`: the daemon with one account on each of the four networks, each pointed at
 * its local emulator, on a real Redis. The fixture comments arrive by each platform's own mechanism
 * (VK Callback API, VK Bots Long Poll, OK polling, Facebook and Instagram signed webhooks); the table
 * shows what each emulator was asked to do, and the figures show webhook answer and end-to-end times.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/env.ts';
import { createLogger } from '../config/logger.ts';
import { startStrazh } from '../daemon/app.ts';
import {
  facebookPayloads as fb,
  GraphEmulator,
  instagramPayloads as ig,
} from '../emulators/graph-emulator.ts';
import { OkEmulator } from '../emulators/ok-emulator.ts';
import { VkEmulator } from '../emulators/vk-emulator.ts';
import type { ModerationObserver } from '../workers/moderation-observer.ts';
import { deletePrefix, ensureRedis } from './lib/local-redis.ts';
import { printTable } from './lib/table.ts';

interface FixtureRow {
  id: string;
  author: number;
  text: string;
}

const VK_GROUP = 100000001;
const VK_LP_GROUP = 100000005;
const OK_GROUP = '100000000000002';
const FB_PAGE = '100000000000003';
const IG_USER = '17841400000000004';
const S = {
  VK_C: 'vk-community',
  VK_U: 'vk-user',
  VK_S: 'vk-secret',
  OK_T: 'ok-token',
  OK_K: 'ok-app-key',
  OK_S: 'ok-app-secret',
  FB_T: 'fb-page-token',
  IG_T: 'ig-token',
  META_S: 'meta-app-secret',
  META_V: 'meta-verify',
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] ?? 0) : 0;
};

async function main(): Promise<void> {
  const rows = (await readFile('fixtures/comments/demo.jsonl', 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as FixtureRow);
  const redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const vk = await new VkEmulator({ groupId: VK_GROUP, communityToken: S.VK_C, userToken: S.VK_U }).start();
  const vkLp = await new VkEmulator({
    groupId: VK_LP_GROUP,
    communityToken: S.VK_C,
    userToken: S.VK_U,
  }).start();
  const ok = await new OkEmulator({
    groupId: OK_GROUP,
    applicationKey: S.OK_K,
    applicationSecretKey: S.OK_S,
    accessToken: S.OK_T,
  }).start();
  const graph = await new GraphEmulator({ accessTokens: [S.FB_T, S.IG_T], businessId: FB_PAGE }).start();
  ok.addTopic('900');
  rows.forEach((r, i) => ok.addComment('900', { id: `ok${i}`, authorId: String(r.author), text: r.text }));

  const dir = await mkdtemp(path.join(tmpdir(), 'strazh-demo-'));
  const accountsFile = path.join(dir, 'accounts.yaml');
  await writeFile(
    accountsFile,
    `accounts:
  - { id: demo-vk, title: Нерюнгри VK, platform: vk, mode: enforce, api_base_url: '${vk.apiBaseUrl}',
      platform_ids: { group_id: ${VK_GROUP} }, tokens: { community: VK_C, user: VK_U }, callback: { secret: VK_S } }
  - { id: demo-vk-lp, title: Нерюнгри VK (Long Poll), platform: vk, mode: enforce, api_base_url: '${vkLp.apiBaseUrl}',
      platform_ids: { group_id: ${VK_LP_GROUP} }, tokens: { community: VK_C, user: VK_U }, callback: { long_poll: true } }
  - { id: demo-ok, title: Нерюнгри OK, platform: ok, mode: enforce, api_base_url: '${ok.apiBaseUrl}', poll_interval_s: 0.5,
      platform_ids: { group_id: '${OK_GROUP}' }, tokens: { access_token: OK_T, application_key: OK_K, application_secret_key: OK_S } }
  - { id: demo-fb, title: Нерюнгри Facebook, platform: facebook, mode: enforce, api_base_url: '${graph.url}',
      platform_ids: { page_id: '${FB_PAGE}' }, tokens: { access_token: FB_T, app_secret: META_S, verify_token: META_V } }
  - { id: demo-ig, title: Нерюнгри Instagram, platform: instagram, mode: enforce, api_base_url: '${graph.url}',
      platform_ids: { ig_user_id: '${IG_USER}' }, tokens: { access_token: IG_T, app_secret: META_S, verify_token: META_V } }
`,
  );
  const prefix = `strazh-demo-platforms-${process.pid}`;
  const cfg = loadConfig({
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    HTTP_PORT: '0',
    ACCOUNTS_FILE: accountsFile,
    RULES_WATCH: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const log = createLogger(cfg.LOG_LEVEL, process.stderr);
  const sentAt = new Map<string, number>();
  const decided = new Map<string, string>();
  const acted = new Map<string, { detail: string; ms: number }>();
  const key = (account: string, commentId: string) => `${account}/${commentId}`;
  const observer: ModerationObserver = {
    onDecision: async (e) => {
      decided.set(key(e.comment.accountId, e.comment.commentId), e.outcome);
    },
    onActionDone: async (job, outcome) => {
      const k = key(job.comment.accountId, job.comment.commentId);
      acted.set(k, { detail: outcome.detail, ms: Date.now() - (sentAt.get(k) ?? Date.now()) });
    },
  };
  const t0 = Date.now();
  rows.forEach((_, i) => sentAt.set(key('demo-ok', `ok${i}`), t0));
  const app = await startStrazh({ cfg, env: S, log, observers: [observer] });
  const answerMs: number[] = [];
  try {
    const timed = async <T>(f: () => Promise<T>) => {
      const t = performance.now();
      const r = await f();
      answerMs.push(performance.now() - t);
      return r;
    };
    for (const [i, r] of rows.entries()) {
      const vkHook = `${app.url}/webhooks/vk/demo-vk`;
      sentAt.set(key('demo-vk', String(1000 + i)), Date.now());
      await timed(() =>
        VkEmulator.deliver(
          vkHook,
          vk.wallReply({ id: 1000 + i, fromId: r.author, text: r.text, secret: S.VK_S }),
        ),
      );
      sentAt.set(key('demo-vk-lp', String(2000 + i)), Date.now());
      vkLp.pushLongPoll(vkLp.wallReply({ id: 2000 + i, fromId: r.author, text: r.text }));
      sentAt.set(key('demo-fb', `5_${i}`), Date.now());
      const fbBody = fb.notification([
        {
          pageId: FB_PAGE,
          changes: [
            fb.comment({ pageId: FB_PAGE, commentId: `5_${i}`, fromId: String(r.author), message: r.text }),
          ],
        },
      ]);
      await timed(() => GraphEmulator.deliver(`${app.url}/webhooks/facebook`, fbBody, S.META_S));
      sentAt.set(key('demo-ig', `18${i}`), Date.now());
      const igBody = ig.notification(IG_USER, [
        ig.comment({ id: `18${i}`, fromId: String(r.author), text: r.text }),
      ]);
      await timed(() => GraphEmulator.deliver(`${app.url}/webhooks/instagram`, igBody, S.META_S));
    }
    const accounts = ['demo-vk', 'demo-vk-lp', 'demo-ok', 'demo-fb', 'demo-ig'];
    const ids = (a: string, i: number) =>
      ({
        'demo-vk': String(1000 + i),
        'demo-vk-lp': String(2000 + i),
        'demo-ok': `ok${i}`,
        'demo-fb': `5_${i}`,
        'demo-ig': `18${i}`,
      })[a]!;
    const all = accounts.flatMap((a) => rows.map((_, i) => key(a, ids(a, i))));
    const deadline = Date.now() + 20_000;
    const pending = () =>
      all.filter((k) => !decided.has(k) || (decided.get(k) === 'delete' && !acted.has(k)));
    while (pending().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    printTable(
      ['#', 'comment', 'VK callback', 'VK long poll', 'OK', 'Facebook', 'Instagram'],
      rows.map((r, i) => [
        r.id,
        r.text,
        ...accounts.map((a) => {
          const k = key(a, ids(a, i));
          const d = decided.get(k);
          return d === 'delete' ? (acted.get(k)?.detail ?? 'delete pending') : (d ?? 'NOT DECIDED');
        }),
      ]),
      40,
    );
    // OK comments are read by the first poll during start-up, so their time is not comparable.
    const e2e = [...acted.entries()].filter(([k]) => !k.startsWith('demo-ok/')).map(([, a]) => a.ms);
    console.log(
      `\n${all.length} comments on 5 accounts; ${decided.size} decided, ${acted.size} platform actions done.` +
        `\nEmulators recorded: VK ${vk.deleteCalls().length} + ${vkLp.deleteCalls().length} deletes, ` +
        `OK ${ok.callsOf('discussions.deleteDiscussionComment').length}, ` +
        `Graph ${graph.callsTo('DELETE').length} DELETEs (Facebook + Instagram).` +
        `\nWebhook answer (VK/FB/IG, ${answerMs.length} deliveries): median ${median(answerMs).toFixed(1)} ms, ` +
        `max ${Math.max(...answerMs).toFixed(1)} ms. Comment sent → platform call done (VK/FB/IG): median ${median(e2e)} ms, max ${Math.max(...e2e)} ms.`,
    );
    if (pending().length > 0) process.exitCode = 1;
  } finally {
    await app.close();
    await Promise.all([vk.close(), vkLp.close(), ok.close(), graph.close()]);
    await deletePrefix(redis.url, prefix);
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
