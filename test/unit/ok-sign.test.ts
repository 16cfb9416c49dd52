import { describe, expect, it } from 'vitest';
import { okSig, okSigningSecret } from '../../adapters/ok/ok-sign.ts';

// The worked example of platforms.md §2.1 (aiookru docs, recomputed).
const vector = {
  application_key: 'ABCDEFGHIGKLMNOPK',
  application_secret_key: 'ABC123DEF456GHI789JKL123',
  access_token: '-s-84W-s3egarWUsbkq-IWTucuedzTKT8VUXIA.s4Xx8IW7',
};

describe('OK request signature', () => {
  it('derives the session secret from access_token + application secret', () => {
    expect(
      okSigningSecret({
        accessToken: vector.access_token,
        applicationSecretKey: vector.application_secret_key,
      }),
    ).toBe('b1a2b89707a94624c43afae67d59274c');
  });

  it('matches the published test vector', () => {
    const params = { method: 'events.get', application_key: vector.application_key, format: 'json' };
    expect(okSig(params, 'b1a2b89707a94624c43afae67d59274c')).toBe('232c8eb921951c4dba9b72606f9ddb4c');
  });

  it('leaves access_token, session_key and sig out of the signed string', () => {
    const base = { method: 'events.get', application_key: vector.application_key, format: 'json' };
    const s = 'b1a2b89707a94624c43afae67d59274c';
    expect(okSig({ ...base, access_token: 'x', session_key: 'y', sig: 'z' }, s)).toBe(okSig(base, s));
  });

  it.each([
    ['a parameter value', { method: 'events.get', format: 'xml' }],
    ['an added parameter', { method: 'events.get', format: 'json', count: '1' }],
  ])('changes with %s', (_what, params) => {
    const s = 'b1a2b89707a94624c43afae67d59274c';
    expect(okSig({ ...params, application_key: vector.application_key }, s)).not.toBe(
      '232c8eb921951c4dba9b72606f9ddb4c',
    );
  });

  it('prefers a given session secret key', () => {
    expect(okSigningSecret({ accessToken: 't', applicationSecretKey: 'a', sessionSecretKey: 'ssk' })).toBe(
      'ssk',
    );
  });
});
