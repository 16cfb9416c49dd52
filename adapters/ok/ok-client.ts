import type { OkAccount } from '../../config/accounts.ts';
import { networkError, PlatformError } from '../platform-error.ts';
import { okError, type OkErrorBody } from './ok-errors.ts';
import { okSig, okSigningSecret } from './ok-sign.ts';

export const OK_API = 'https://api.ok.ru/';

/**
 * Signed OK REST calls: `POST {base}fb.do` with a form body of `application_key`, `format=json`,
 * `method`, the parameters and `sig`; `access_token` is sent unsigned.
 */
export class OkClient {
  readonly #base: string;
  readonly #secret: string;

  constructor(
    private readonly account: OkAccount,
    private readonly secrets: Readonly<Record<string, string>>,
  ) {
    const base = account.api_base_url ?? OK_API;
    this.#base = base.endsWith('/') ? base : `${base}/`;
    this.#secret = okSigningSecret({
      accessToken: secrets.access_token ?? '',
      applicationSecretKey: secrets.application_secret_key ?? '',
      sessionSecretKey: secrets.session_secret_key,
    });
  }

  /** @throws {PlatformError} mapped from the OK error code or the HTTP status. */
  async call(method: string, params: Readonly<Record<string, string>> = {}): Promise<unknown> {
    const signed: Record<string, string> = {
      ...params,
      application_key: this.secrets.application_key ?? '',
      format: 'json',
      method,
    };
    signed.sig = okSig(signed, this.#secret);
    signed.access_token = this.secrets.access_token ?? '';
    let res: Response;
    try {
      res = await fetch(`${this.#base}fb.do`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
        body: new URLSearchParams(signed).toString(),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw networkError('ok', err);
    }
    if (res.status >= 500) throw new PlatformError('ok', res.status, 'transient', `HTTP ${res.status}`);
    let body: unknown;
    try {
      body = await res.json();
    } catch (err) {
      throw networkError('ok', err);
    }
    if (body && typeof body === 'object' && 'error_code' in body) {
      const wait = this.account.rate_limit_wait_s;
      throw okError(body as OkErrorBody, wait === undefined ? undefined : wait * 1000);
    }
    if (!res.ok) throw new PlatformError('ok', res.status, 'permanent', `HTTP ${res.status}`);
    return body;
  }
}
