import { describe, expect, it } from 'vitest';
import { parseAccounts, resolveSecrets } from '../../config/accounts.ts';
import { ConfigError } from '../../config/config-error.ts';
import { loadConfig } from '../../config/env.ts';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      HTTP_PORT: 8080,
      ACCOUNTS_FILE: 'accounts.yaml',
      RULES_DIR: 'rules',
      LOG_LEVEL: 'info',
      ROLES: ['http', 'poll', 'moderate', 'act', 'review'],
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it.each([
    [
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL',
      /"loud".*allowed values: fatal, error, warn, info, debug, trace, silent/,
    ],
    [{ HTTP_PORT: '99999' }, 'HTTP_PORT', /"99999"/],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL', /redis:\/\//],
    [{ ROLES: 'http,cook' }, 'ROLES', /"http,cook".*http, poll, moderate, act, review/],
    [{ RULES_WATCH: 'maybe' }, 'RULES_WATCH', /allowed values: .*true, false/],
    [{ TELEGRAM_MODERATOR_IDS: '12,abc' }, 'TELEGRAM_MODERATOR_IDS', /numeric Telegram user ids/],
    // Regression: a blank or hex port was taken (" " as 0: any free port; "0x50" as 80).
    [{ HTTP_PORT: ' ' }, 'HTTP_PORT', /a port number/],
    [{ HTTP_PORT: '0x50' }, 'HTTP_PORT', /"0x50".*a port number/],
    [{ AUDIT_TIME_ZONE: 'Asia/Neryungri' }, 'AUDIT_TIME_ZONE', /IANA time zone/],
    // Regression: webhook mode without a secret took forged button presses as a moderator's.
    [
      { TELEGRAM_WEBHOOK_URL: 'https://strazh.example.ru/tg' },
      'TELEGRAM_WEBHOOK_SECRET',
      /required when TELEGRAM_WEBHOOK_URL/,
    ],
  ])('refuses %o naming the key, the value and what is allowed', (env, key, message) => {
    let err: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).key).toBe(key);
    expect((err as ConfigError).message).toMatch(message);
  });
});

const ACCOUNT = `accounts:
  - id: adm-vk
    title: Администрация
    platform: vk
    mode: enforce
    platform_ids: { group_id: 42 }
    tokens: { community: VK_C, user: VK_U }
`;

describe('retry budget', () => {
  // Regression: the settings promised a ~15-minute outage ridden out; 10 attempts waited 511 s.
  it("a moderate job's attempts wait out at least 15 minutes of outage with the defaults", () => {
    const c = loadConfig({});
    const waits = Array.from({ length: c.MODERATE_ATTEMPTS - 1 }, (_, k) => c.RETRY_BASE_DELAY_MS * 2 ** k);
    expect(waits.reduce((a, w) => a + w, 0)).toBeGreaterThanOrEqual(15 * 60_000);
  });
});

describe('loadConfig keeps secrets out of its errors', () => {
  // Regression: a mistyped secret or URL stopped start-up with the whole value — password included —
  // on stderr (journald), although the logger redacts the same keys.
  it.each([
    [
      { DATABASE_URL: 'postgress://strazh:S3cr3tPassw0rd@db.local/strazh' },
      'S3cr3tPassw0rd',
      /postgress:\/\/\*\*\*@db\.local/,
    ],
    [{ REDIS_URL: 'redis:/:R3disPass@10.0.0.5:6379' }, 'R3disPass', /REDIS_URL=/],
    [{ TELEGRAM_WEBHOOK_SECRET: 'tg-secret-with+plus' }, 'tg-secret-with', /\[redacted\]/],
    [{ REDIS_URL: ':s3cretpw@127.0.0.1:6379' }, 's3cretpw', /"\*\*\*@127\.0\.0\.1:6379"/],
    [{ REDIS_URL: 'Redis://:ab/cd@127.0.0.1:6379' }, 'ab/cd', /"Redis:\/\/\*\*\*@127/],
    [{ DATABASE_URL: 'mysql://u:p@ss@h/db' }, 'p@ss', /"mysql:\/\/\*\*\*@h\/db"/],
    [{ DATABASE_URL: 'host=db user=strazh password=s3cretpw dbname=strazh' }, 's3cretpw', /password=\*\*\*/],
  ])('%o', (env, secret, shown) => {
    expect(() => loadConfig(env)).toThrow(shown);
    expect(() => loadConfig(env)).not.toThrow(secret);
  });

  it('takes time zone aliases the runtime knows', () => {
    for (const tz of ['Etc/UTC', 'Etc/GMT-9', 'Europe/Kyiv', 'Asia/Yakutsk'])
      expect(loadConfig({ AUDIT_TIME_ZONE: tz }).AUDIT_TIME_ZONE).toBe(tz);
    expect(loadConfig({ HTTP_PORT: ' 8081 ' }).HTTP_PORT).toBe(8081);
  });
});

describe('accounts registry', () => {
  it('parses a VK account with defaults', () => {
    const reg = parseAccounts('a.yaml', ACCOUNT);
    expect(reg.get('adm-vk')).toMatchObject({
      platform: 'vk',
      mode: 'enforce',
      ban_days: 30,
      platform_ids: { group_id: '42' },
    });
  });

  it.each([
    [
      ACCOUNT.replace('mode: enforce', 'mode: strict'),
      /accounts\[0\]\.mode \(line 5\)/,
      /enforce, review, shadow/,
    ],
    [
      ACCOUNT.replace('platform: vk', 'platform: myspace'),
      /accounts\[0\]\.platform/,
      /vk|ok|facebook|instagram/,
    ],
    [
      ACCOUNT.replace('user: VK_U', 'user: vk1.a.real-token'),
      /tokens\.user/,
      /NAME of an environment variable/,
    ],
    [ACCOUNT + ACCOUNT.replace('accounts:\n', ''), /accounts\[\]\.id/, /unique/],
  ])('refuses a bad registry (%#)', (src, key, allowed) => {
    let err: unknown;
    try {
      parseAccounts('a.yaml', src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).key).toMatch(key);
    expect((err as ConfigError).message).toMatch(allowed);
  });

  // Regression: YAML read an unquoted 17-digit Instagram id as a number and rounded it
  // (17841405822304915 → …916): the account silently matched none of its webhooks.
  it('keeps an unquoted long id exactly as written; refuses hex or exponent ids; other numbers stay', () => {
    const ig = (id: string) =>
      `accounts:\n  - id: nr-ig\n    title: T\n    platform: instagram\n    ban_days: 7\n    platform_ids: { ig_user_id: ${id} }\n    tokens: { access_token: A, app_secret: B, verify_token: C }\n`;
    expect(parseAccounts('a.yaml', ig('17841405822304915')).get('nr-ig')).toMatchObject({
      ban_days: 7,
      platform_ids: { ig_user_id: '17841405822304915' },
    });
    for (const bad of ['0x1F', '1e3', '12.5'])
      expect(() => parseAccounts('a.yaml', ig(bad))).toThrow(
        /platform_ids\.ig_user_id \(line 6\).*a numeric id/,
      );
  });

  it('resolves tokens from the environment and names a missing one', () => {
    const acc = parseAccounts('a.yaml', ACCOUNT).get('adm-vk')!;
    expect(resolveSecrets(acc, { VK_C: 'c', VK_U: 'u' })).toEqual({ community: 'c', user: 'u' });
    expect(() => resolveSecrets(acc, { VK_C: 'c' })).toThrow(
      /adm-vk.*USER token.*in environment variable VK_U/,
    );
  });
});
