import { createHash } from 'node:crypto';

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

export interface OkKeys {
  readonly accessToken: string;
  readonly applicationSecretKey: string;
  /** Given to some apps instead of computing it from the access token. */
  readonly sessionSecretKey?: string;
}

/**
 * The secret that signs requests: the session secret key if there is one, otherwise
 * `md5(access_token + application_secret_key)` (lower-case hex).
 */
export function okSigningSecret(keys: OkKeys): string {
  return keys.sessionSecretKey ?? md5(keys.accessToken + keys.applicationSecretKey);
}

/** Parameters that are sent but never signed. */
const UNSIGNED = new Set(['sig', 'access_token', 'session_key']);

/**
 * OK's `sig`: every parameter except `access_token`/`session_key`/`sig`, sorted by key, concatenated
 * as `key=value` with no separator, followed by the signing secret; lower-case md5 of that (UTF-8).
 *
 * @example okSig({ application_key: 'ABCDEFGHIGKLMNOPK', format: 'json', method: 'events.get' },
 *   'b1a2b89707a94624c43afae67d59274c') === '232c8eb921951c4dba9b72606f9ddb4c'
 */
export function okSig(params: Readonly<Record<string, string>>, secret: string): string {
  const signed = Object.keys(params)
    .filter((k) => !UNSIGNED.has(k))
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('');
  return md5(signed + secret);
}
