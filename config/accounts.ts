import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import { z } from 'zod';
import { ACCOUNT_MODES } from '../core/decide.ts';
import { ConfigError } from './config-error.ts';

const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'the NAME of an environment variable (A-Z, 0-9, _)');
const numericId = z.coerce.string().regex(/^\d+$/, 'a numeric id');

const common = {
  /** Our id for the account; used in webhook URLs, job ids and reports. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case latin letters, digits and "-"'),
  /** Which body owns the account (clause 1.4 registry). */
  title: z.string().min(1),
  owner: z.string().min(1).optional(),
  url: z.url().optional(),
  mode: z.enum(ACCOUNT_MODES).default('review'),
  /** Override of the platform API base URL (tests and the demo point it at an emulator). */
  api_base_url: z.url().optional(),
  /** Days a «Удалить и заблокировать» ban lasts; 0 = permanent. */
  ban_days: z.number().int().min(0).max(3650).default(30),
  /** Hide a comment on the platform while it waits for review, where the platform can hide. */
  hide_while_review: z.boolean().default(false),
  /** Back-off after a platform rate-limit answer that names no wait (seconds); platform default if unset. */
  rate_limit_wait_s: z.number().min(0.1).max(3600).optional(),
};

const vkAccount = z
  .object({
    ...common,
    platform: z.literal('vk'),
    platform_ids: z.object({ group_id: numericId }).strict(),
    tokens: z
      .object({
        /** Community token: reading, Callback/Long Poll. */
        community: envName,
        /** A community admin's user token: deletions and bans need it (community tokens get error 27). */
        user: envName,
      })
      .strict(),
    callback: z
      .object({
        secret: envName.optional(),
        confirmation: envName.optional(),
        long_poll: z.boolean().default(false),
      })
      .strict()
      .default({ long_poll: false }),
    /**
     * Carry API calls made at the same moment in one `execute` request (up to 25), since VK limits a
     * user token to a few requests a second. `false` for a token VK refuses `execute` to.
     */
    execute: z.boolean().default(true),
  })
  .strict();

const okAccount = z
  .object({
    ...common,
    platform: z.literal('ok'),
    platform_ids: z.object({ group_id: numericId }).strict(),
    tokens: z
      .object({
        access_token: envName,
        application_key: envName,
        application_secret_key: envName,
        session_secret_key: envName.optional(),
      })
      .strict(),
    poll_interval_s: z.number().min(0.1).max(3600).default(60),
    /** How many of the group's latest topics are watched for new comments. */
    topics_per_poll: z.number().int().min(1).max(100).default(20),
  })
  .strict();

const graphCommon = {
  tokens: z.object({ access_token: envName, app_secret: envName, verify_token: envName }).strict(),
  graph_version: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default('v21.0'),
};

const facebookAccount = z
  .object({
    ...common,
    ...graphCommon,
    platform: z.literal('facebook'),
    platform_ids: z.object({ page_id: numericId }).strict(),
  })
  .strict();

const instagramAccount = z
  .object({
    ...common,
    ...graphCommon,
    platform: z.literal('instagram'),
    platform_ids: z.object({ ig_user_id: numericId }).strict(),
    /** Which login the token comes from: Facebook Login (graph.facebook.com) or Instagram Login (graph.instagram.com). */
    login: z.enum(['facebook', 'instagram']).default('facebook'),
  })
  .strict();

export const accountSchema = z.discriminatedUnion('platform', [
  vkAccount,
  okAccount,
  facebookAccount,
  instagramAccount,
]);
export type Account = z.infer<typeof accountSchema>;
export type VkAccount = z.infer<typeof vkAccount>;
export type OkAccount = z.infer<typeof okAccount>;
export type FacebookAccount = z.infer<typeof facebookAccount>;
export type InstagramAccount = z.infer<typeof instagramAccount>;

const registrySchema = z
  .object({
    accounts: z.array(accountSchema).min(1),
  })
  .strict();

/** The registry of official accounts (clause 1.4), validated. */
export interface AccountRegistry {
  readonly accounts: readonly Account[];
  get(id: string): Account | undefined;
}

/**
 * Numbers YAML cannot hold exactly, or that were not written as decimal integers (17-digit Instagram
 * ids, `0x1F`, `1e3`), are read as the text written: an id must stay the digits the admin copied —
 * rounded, it silently matches no webhook — and anything else is refused where it stands.
 */
function keepWrittenNumbers(doc: Document, source: string): void {
  visit(doc, {
    Scalar(_, node) {
      const v = node.value;
      if (typeof v !== 'number' || !node.range) return;
      if (!node.format && (!Number.isInteger(v) || Number.isSafeInteger(v))) return;
      node.value = source.slice(node.range[0], node.range[1]).trim();
    },
  });
}

/**
 * Parses the accounts file. Pure: takes the file name and its text.
 *
 * @throws {ConfigError} naming the file, line, field and what is allowed.
 */
export function parseAccounts(file: string, source: string): AccountRegistry {
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, uniqueKeys: true });
  if (doc.errors[0])
    throw new ConfigError(file, '', `invalid YAML: ${doc.errors[0].message.split('\n')[0]}`, file);
  keepWrittenNumbers(doc, source);
  const r = registrySchema.safeParse(doc.toJS());
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue?.path ?? [];
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lc.linePos(node.range[0]).line : 1;
    const field = path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    const value = doc.getIn(path);
    const allowed =
      issue?.code === 'invalid_value'
        ? `allowed values: ${issue.values.map(String).join(', ')}`
        : (issue?.message ?? '');
    throw new ConfigError(`${field} (line ${line})`, value, allowed, file);
  }
  const accounts = r.data.accounts;
  const ids = new Set<string>();
  for (const a of accounts) {
    if (ids.has(a.id)) throw new ConfigError('accounts[].id', a.id, 'account ids must be unique', file);
    ids.add(a.id);
  }
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return Object.freeze({ accounts: Object.freeze(accounts), get: (id: string) => byId.get(id) });
}

/** What each token is for, so a start-up error says which one is missing and why it is needed. */
const ROLE_HELP: Readonly<Record<string, string>> = {
  'vk.community': 'community token (Callback API / Bots Long Poll)',
  'vk.user': "community admin's USER token (deletions and bans; a community token gets VK error 27)",
  'vk.callback_secret': 'Callback API secret key',
  'vk.callback_confirmation': 'Callback API confirmation string',
  'ok.access_token': 'access token of a group administrator',
  'ok.application_key': 'application public key',
  'ok.application_secret_key': 'application secret key (signs requests)',
  'ok.session_secret_key': 'session secret key (signs requests)',
  'facebook.access_token': 'Page access token (pages_manage_engagement)',
  'facebook.app_secret': 'Meta app secret (checks X-Hub-Signature-256)',
  'facebook.verify_token': 'webhook verify token (hub.verify_token)',
  'instagram.access_token': 'Instagram access token (instagram_manage_comments)',
  'instagram.app_secret': 'app secret (checks X-Hub-Signature-256)',
  'instagram.verify_token': 'webhook verify token (hub.verify_token)',
};

/**
 * Reads the secrets an account's config names from the environment.
 *
 * @throws {ConfigError} naming the account, the role of the token and the variable that is missing.
 */
export function resolveSecrets(account: Account, env: NodeJS.ProcessEnv): Readonly<Record<string, string>> {
  const names: Record<string, string | undefined> = { ...account.tokens };
  if (account.platform === 'vk') {
    names.callback_secret = account.callback.secret;
    names.callback_confirmation = account.callback.confirmation;
  }
  const out: Record<string, string> = {};
  for (const [role, name] of Object.entries(names)) {
    if (!name) continue;
    const value = env[name];
    if (!value) {
      throw new ConfigError(
        name,
        undefined,
        `account "${account.id}" (${account.platform}) needs its ${ROLE_HELP[`${account.platform}.${role}`] ?? role} ` +
          `in environment variable ${name}, which is not set`,
      );
    }
    out[role] = value;
  }
  return Object.freeze(out);
}
