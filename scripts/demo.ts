/**
 * `npm run demo`: pushes the comments in fixtures/comments/demo.jsonl through the real pipeline —
 * VK Callback API webhook → {moderate} → rules → {act-vk} / {review} / keep → VK API (emulated on
 * 127.0.0.1) — on a real Redis, and prints what happened to each comment.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { loadConfig } from '../config/env.ts';
import { createLogger } from '../config/logger.ts';
import { startStrazh } from '../daemon/app.ts';
import { TelegramEmulator } from '../emulators/telegram-emulator.ts';
import { VkEmulator } from '../emulators/vk-emulator.ts';
import { localDay } from '../store/local-day.ts';
import type { ModerationObserver } from '../workers/moderation-observer.ts';
import { deletePrefix, ensureRedis } from './lib/local-redis.ts';
import { showAppealFlow, showReviewFlow } from './lib/review-demo.ts';
import { printTable } from './lib/table.ts';

interface FixtureRow {
  id: string;
  author: number;
  text: string;
}

const GROUP_ID = 100000001;
const ACCOUNT = 'demo-vk';
const DEMO_DATABASE_URL = process.env.DATABASE_URL ?? 'sqlite:data/demo.db';
const TG_TOKEN = '100000:DEMO';
const TG_CHAT = -1001000000001;
const MODERATOR = { id: 700001, first_name: 'Анна', username: 'anna_mod' };

async function main(): Promise<void> {
  const rows = (await readFile('fixtures/comments/demo.jsonl', 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as FixtureRow);

  const redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  console.log(redis.started ? `Started a local redis-server at ${redis.url}` : `Using Redis at ${redis.url}`);
  const vk = await new VkEmulator({
    groupId: GROUP_ID,
    communityToken: 'demo-community',
    userToken: 'demo-user',
  }).start();
  // Kept after the run (with the audit database) so `npm run report` can name the demo account.
  await mkdir('data', { recursive: true });
  const accountsFile = 'data/demo-accounts.yaml';
  const tg = await new TelegramEmulator({ token: TG_TOKEN }).start();
  await writeFile(
    accountsFile,
    [
      'accounts:',
      `  - id: ${ACCOUNT}`,
      '    title: Администрация Нерюнгринского района (демо)',
      '    platform: vk',
      '    mode: enforce',
      `    api_base_url: ${vk.apiBaseUrl}`,
      `    platform_ids: { group_id: ${GROUP_ID} }`,
      '    tokens: { community: DEMO_VK_COMMUNITY, user: DEMO_VK_USER }',
      '    callback: { secret: DEMO_VK_SECRET }',
      '',
    ].join('\n'),
  );
  const env = {
    DEMO_VK_COMMUNITY: 'demo-community',
    DEMO_VK_USER: 'demo-user',
    DEMO_VK_SECRET: 'demo-secret',
  };
  const prefix = `strazh-demo-${process.pid}`;
  const cfg = loadConfig({
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    HTTP_PORT: '0',
    ACCOUNTS_FILE: accountsFile,
    DATABASE_URL: DEMO_DATABASE_URL,
    RULES_WATCH: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    TELEGRAM_BOT_TOKEN: TG_TOKEN,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_REVIEW_CHAT_ID: String(TG_CHAT),
    TELEGRAM_MODERATOR_IDS: String(MODERATOR.id),
  });
  const log = createLogger(cfg.LOG_LEVEL, process.stderr);

  const decided = new Map<string, { verdict: string; outcome: string; rules: string[] }>();
  const acted = new Map<string, string>();
  const observer: ModerationObserver = {
    onDecision: async (e) => {
      decided.set(e.comment.commentId, {
        verdict: e.verdict.verdict,
        outcome: e.outcome,
        rules: e.verdict.results.filter((r) => r.hit).map((r) => `${r.ruleId}(${r.details.action})`),
      });
    },
    onActionDone: async (job, outcome) => {
      acted.set(job.comment.commentId, `${outcome.detail}: ${outcome.status}`);
    },
    onActionFailed: async (job, err, final) => {
      if (final) acted.set(job.comment.commentId, `FAILED: ${err.message}`);
    },
  };
  let app: Awaited<ReturnType<typeof startStrazh>> | undefined;
  try {
    app = await startStrazh({ cfg, env, log, observers: [observer] });
    const hook = `${app.url}/webhooks/vk/${ACCOUNT}`;
    for (const [i, row] of rows.entries()) {
      const event = vk.wallReply({ id: 1000 + i, fromId: row.author, text: row.text, secret: 'demo-secret' });
      const res = await VkEmulator.deliver(hook, event);
      if (res.body !== 'ok') throw new Error(`webhook answered ${res.status} ${res.body}`);
      // VK redelivers when it is unsure we got it; the pipeline must treat it as the same comment.
      if (i === 0) await VkEmulator.deliver(hook, event, 1);
    }
    const deadline = Date.now() + 20_000;
    const ids = rows.map((_, i) => String(1000 + i));
    const pendingActions = () => ids.filter((id) => decided.get(id)?.outcome === 'delete' && !acted.has(id));
    while ((decided.size < rows.length || pendingActions().length > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const reviewWaiting = await app.queues.review.getWaitingCount();
    const registry = app.appeals?.registry;
    const appeals = registry
      ? await Promise.all(ids.map((id) => registry.get(`vk:${ACCOUNT}:${id}`)))
      : ids.map(() => undefined);
    printTable(
      ['#', 'comment', 'verdict', 'outcome', 'rules that fired', 'action on VK', 'appeal (clause 3)'],
      rows.map((row, i) => {
        const id = String(1000 + i);
        const d = decided.get(id);
        const action =
          d?.outcome === 'delete'
            ? (acted.get(id) ?? 'pending')
            : d?.outcome === 'review'
              ? 'queued for a moderator'
              : '—';
        return [
          row.id,
          row.text,
          d?.verdict ?? 'NOT DECIDED',
          d?.outcome ?? '',
          d?.rules.join(', ') || '—',
          action,
          appeals[i] ? `${appeals[i].kind}, ${appeals[i].topic} → ${appeals[i].department}` : '—',
        ];
      }),
    );
    const counts = { delete: 0, review: 0, keep: 0 };
    for (const d of decided.values()) counts[d.outcome as keyof typeof counts]++;
    console.log(
      `\n${rows.length} comments (+1 redelivery), ${decided.size} decisions: ${counts.delete} deleted, ` +
        `${counts.review} sent to review (${reviewWaiting} still waiting in {review}), ${counts.keep} kept. ` +
        `VK emulator received ${vk.deleteCalls().length} delete calls. Rule set ${app.rules.current.version}. ` +
        `${appeals.filter(Boolean).length} appeals routed to departments.`,
    );
    const deletedId = [...decided].find(([, d]) => d.outcome === 'delete')?.[0];
    const today = localDay(new Date(), cfg.AUDIT_TIME_ZONE);
    const cliEnv = `DATABASE_URL=${DEMO_DATABASE_URL} ACCOUNTS_FILE=${accountsFile}`;
    console.log(
      `\nAudit log: ${DEMO_DATABASE_URL}. Statement of reasons for a deleted comment:\n` +
        `  ${cliEnv} npm run audit -- show ${deletedId ?? '<comment id>'}\n` +
        `Reports:\n  ${cliEnv} npm run report -- --from ${today} --to ${today} --format html --out data/demo-report.html`,
    );
    if (decided.size !== rows.length) process.exitCode = 1;
    const reviewOk = await showReviewFlow({
      tg,
      vk,
      chatId: TG_CHAT,
      moderator: MODERATOR,
      expectedCards: counts.review,
    });
    if (!reviewOk) process.exitCode = 1;
    const desk = app.appeals?.desk;
    const appealOk = await showAppealFlow({
      tg,
      departments: (desk?.departments() ?? []).map((d) => {
        const p = d.people[0] ?? d.supervisor;
        return {
          chatId: Number(d.chatId),
          name: d.name,
          official: { id: Number(p.telegramId), first_name: p.name },
        };
      }),
      expectedCards: appeals.filter((a) => a && a.state !== 'answered' && a.state !== 'not_an_appeal').length,
    });
    if (!appealOk) process.exitCode = 1;
  } finally {
    await app?.close();
    await tg.close();
    await vk.close();
    await deletePrefix(redis.url, prefix);
    await redis.stop();
  }
}

await main();
