import { z } from 'zod';
import { ConfigError } from './config-error.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => ['true', '1', 'yes'].includes(v));
const port = z
  .string()
  .trim()
  .regex(/^\d+$/, 'a port number, 0–65535 (0: any free port)')
  .transform(Number)
  .pipe(z.number().int().min(0).max(65535));
const positiveInt = z.coerce.number().int().positive();

/** Whether `tz` names a time zone this runtime knows (aliases such as Etc/UTC and Europe/Kyiv too). */
const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('ru-RU', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** Settings whose value must not appear in an error message (secrets, URLs with passwords). */
const SECRET_KEYS = new Set(['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET']);
const URL_KEYS = new Set(['REDIS_URL', 'DATABASE_URL']);

/** A setting's value as an error may show it: secrets withheld, a URL's password masked. */
function shownValue(key: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (SECRET_KEYS.has(key)) return '[redacted]';
  // Malformed values are the reason they are shown, so no URL parsing: everything before the last
  // "@" after the scheme (user and password, even with "/" or "@" in it), and a libpq password=.
  if (URL_KEYS.has(key))
    return value
      .replace(/^([a-z][a-z0-9+.-]*:\/*)?.*@/is, (_m, scheme: string | undefined) => `${scheme ?? ''}***@`)
      .replace(/password=\S*/gi, 'password=***');
  return value;
}

/**
 * Every setting Strazh reads from the environment, with its default. `.env.example` documents each.
 * Secrets (tokens) are not here: the accounts file names the variables that hold them.
 */
export const envSchema = z.object({
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  /** Key prefix for every BullMQ queue, so several deployments (or tests) can share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "." or "-"')
    .default('strazh'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: port.default(8080),
  /** Largest webhook body accepted, in bytes. */
  HTTP_BODY_LIMIT: positiveInt.default(1_048_576),
  ACCOUNTS_FILE: z.string().min(1).default('accounts.yaml'),
  RULES_DIR: z.string().min(1).default('rules'),
  RULES_WATCH: bool.default(true),
  /** Folder of trained models (`*.json`) loaded at start-up as rule assets, e.g. the spam classifier. */
  MODELS_DIR: z.string().min(1).default('models'),
  /** How long an author's recent comments are remembered to spot the same text repeated (hours). */
  REPEAT_WINDOW_HOURS: positiveInt.default(24),
  /** Recent comments kept per author for the repeat check. */
  REPEAT_HISTORY: positiveInt.max(200).default(20),
  /** Similarity (0..1, character trigrams) from which two comments count as the same text. */
  REPEAT_SIMILARITY: z.coerce.number().min(0.5).max(1).default(0.8),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Which roles this process runs: any of http, poll, moderate, act, review (comma-separated). */
  ROLES: z
    .string()
    .default('http,poll,moderate,act,review')
    .transform((s) =>
      s
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['http', 'poll', 'moderate', 'act', 'review'])).min(1)),
  /**
   * How long the intake holds the first comment of a `{moderate}` batch for others to join it (ms).
   * Each webhook's answer waits as long; 0 = only the comments that arrive in the same moment. Every
   * job costs Redis round trips and an audit commit whatever its size: at 200 comments/s, 10 ms took
   * the daemon from 90 % to 75 % of a core for 9 ms more latency (docs/performance.md).
   */
  INTAKE_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(10),
  /**
   * The longest linger, used when this process's event loop is near saturation (≥ 90 % busy; from
   * 50 % busy the linger rises linearly from INTAKE_LINGER_MS). A busy daemon gains most from larger
   * batches; an idle one keeps the short linger. Equal to INTAKE_LINGER_MS, or lower: a fixed linger.
   */
  INTAKE_LINGER_MAX_MS: z.coerce.number().int().min(0).max(1000).default(40),
  /**
   * A batch is queued before its linger ends once the event loop has waited idle this many mean gaps
   * between arrivals (at least 2 ms) with no comment arriving; 0 = always the whole linger. A platform
   * that waits for each answer before it sends the next event (128 such senders in the bench) is
   * otherwise held for the whole linger every round: at full speed it bounds what one sender can deliver.
   */
  INTAKE_LULL_GAPS: z.coerce.number().min(0).max(1000).default(6),
  MODERATE_CONCURRENCY: positiveInt.default(16),
  /**
   * Platform actions in flight per process. They wait on the platform's HTTP answer, not the CPU; the
   * end-to-end bench moved 11 % more comments per second with 64 than with 16 (docs/performance.md).
   */
  ACT_CONCURRENCY: positiveInt.default(64),
  /**
   * Platform calls per second per platform queue (all accounts of a platform together). VK allows a
   * user token 3 requests/s; a platform's rate-limit error also pauses the queue for as long as it asks.
   */
  ACT_MAX_PER_SECOND: positiveInt.default(3),
  /** How long a delivered comment revision is remembered to drop redeliveries (hours). */
  DEDUPE_TTL_HOURS: positiveInt.default(48),
  /**
   * Attempts of a moderate job before it goes to the failed (dead-letter) state. With the backoff
   * doubling from RETRY_BASE_DELAY_MS (1 s), 11 attempts ride out a Redis or database outage of ~17
   * minutes (the waits add up to 1,023 s; 10 attempts, 511 s, had been said to last 15).
   */
  MODERATE_ATTEMPTS: positiveInt.default(11),
  /** Attempts for a platform action before it goes to the failed (dead-letter) state. */
  ACT_ATTEMPTS: positiveInt.default(8),
  /** First retry delay of a failed job; doubles each attempt (ms). */
  RETRY_BASE_DELAY_MS: positiveInt.default(1000),
  /** Finished jobs kept for inspection (count per queue) before BullMQ trims them. */
  KEEP_COMPLETED_JOBS: z.coerce.number().int().min(0).default(1000),
  KEEP_FAILED_JOBS: z.coerce.number().int().min(0).default(10_000),
  /** How long a worker's lock on a job lasts; a crashed worker's jobs are taken over after it (ms). */
  WORKER_LOCK_MS: positiveInt.default(30_000),
  /** How often workers look for jobs whose worker died (ms). */
  WORKER_STALLED_INTERVAL_MS: positiveInt.default(30_000),
  /** Seconds given to in-flight jobs on SIGTERM before the process exits anyway. */
  SHUTDOWN_TIMEOUT_S: positiveInt.default(30),
  TELEGRAM_BOT_TOKEN: z.string().optional(),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org/'),
  TELEGRAM_REVIEW_CHAT_ID: z
    .string()
    .regex(/^-?\d+$/, 'a numeric Telegram chat id')
    .optional(),
  TELEGRAM_MODERATOR_IDS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^\d+$/, 'numeric Telegram user ids, comma-separated'))),
  /** Minutes a review item may wait before the moderators' chat is reminded (SLA). */
  TELEGRAM_SLA_MINUTES: z.coerce.number().positive().default(60),
  /** Telegram allows about 20 messages a minute per group: messages per `TELEGRAM_RATE_WINDOW_MS`. */
  TELEGRAM_GROUP_MESSAGES_PER_WINDOW: positiveInt.default(20),
  /** The pacing window (ms). Private chats get window/60 between messages (1 s by default). */
  TELEGRAM_RATE_WINDOW_MS: positiveInt.default(60_000),
  /** Undecided cards allowed in the chat at once; beyond this items wait and a backlog summary is shown. */
  TELEGRAM_MAX_OPEN_CARDS: positiveInt.default(10),
  /** How long after a decision `/undo` may restore the comment on the platform (minutes). */
  TELEGRAM_UNDO_WINDOW_MINUTES: z.coerce.number().positive().default(60),
  /** Time zone for times on cards and for the days of `/stats`. */
  TELEGRAM_TIMEZONE: z
    .string()
    .refine(isTimeZone, 'an IANA time zone, e.g. Asia/Yakutsk')
    .default('Asia/Yakutsk'),
  /** Webhook mode: the public HTTPS URL Telegram posts updates to (its path is served by the bot's process). Unset = long polling. */
  TELEGRAM_WEBHOOK_URL: z.url().optional(),
  /** Secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token` with each webhook update. */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, '1-256 characters: A-Z, a-z, 0-9, "_" or "-"')
    .optional(),
  /** Appeal detection rules (clause 3): signals and topics admins edit. Not read by the moderation loader. */
  APPEALS_TOPICS_FILE: z.string().min(1).default('rules/appeals/topics.yaml'),
  /** Topic (and account) → department, its chat, people, working hours, deadline, supervisor. */
  APPEALS_ROUTING_FILE: z.string().min(1).default('rules/appeals/routing.yaml'),
  /** Production calendar: non-working days, transferred working days and shortened days. */
  APPEALS_CALENDAR_FILE: z.string().min(1).default('config/calendar/ru-sakha-2026-2027.yaml'),
  /** Detect and register appeals in the moderate step (the moderation decision never depends on it). */
  APPEALS_ENABLED: bool.default(true),
  /** How often reminders and escalations of appeals are checked (ms). */
  APPEALS_TICK_MS: positiveInt.default(60_000),
  /** `sqlite:<path>` (default) or a `postgres://` URL for the audit store. */
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'sqlite:<path> or postgres://…')
    .default('sqlite:data/strazh.db'),
  /** Days the text and author of an audited comment are kept before the retention job erases them. */
  AUDIT_RETENTION_DAYS: positiveInt.default(365),
  /** How often the retention job runs (minutes). */
  AUDIT_PURGE_EVERY_MIN: positiveInt.default(360),
  /** IANA time zone of the district's calendar: kept-comment counts and report days use it. */
  AUDIT_TIME_ZONE: z.string().refine(isTimeZone, 'an IANA time zone name').default('Asia/Yakutsk'),
  /** A rule whose flagged comments moderators keep more often than this (0..1) is reported. */
  RULE_OVERTURN_MAX_RATE: z.coerce.number().min(0).max(1).default(0.3),
  /** Fewest moderator decisions on a rule before its overturn rate counts. */
  RULE_OVERTURN_MIN_DECISIONS: positiveInt.default(10),
  /** Days of moderator decisions the overturn rate is computed over. */
  RULE_OVERTURN_WINDOW_DAYS: positiveInt.default(90),
});

export type Config = Readonly<z.infer<typeof envSchema>>;

/**
 * Reads and validates the configuration once. Everything else receives the frozen result;
 * nothing else reads `process.env`.
 *
 * @throws {ConfigError} naming the first bad key, its value and what is allowed.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') input[key] = v;
  }
  const r = envSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const key = String(issue?.path[0] ?? '?');
    const allowed =
      issue?.code === 'invalid_value'
        ? `allowed values: ${issue.values.map(String).join(', ')}`
        : (issue?.message ?? '');
    throw new ConfigError(key, shownValue(key, input[key]), allowed);
  }
  // Without the secret anyone who can reach the webhook URL could post a button press as a moderator.
  if (r.data.TELEGRAM_WEBHOOK_URL && !r.data.TELEGRAM_WEBHOOK_SECRET)
    throw new ConfigError(
      'TELEGRAM_WEBHOOK_SECRET',
      undefined,
      'required when TELEGRAM_WEBHOOK_URL is set: 1-256 characters A-Z, a-z, 0-9, "_" or "-" (Telegram sends it with every update)',
    );
  return Object.freeze(r.data);
}
