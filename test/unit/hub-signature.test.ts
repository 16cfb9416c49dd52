import { describe, expect, it } from 'vitest';
import { hubSignature, verifyHubSignature } from '../../adapters/meta/hub-signature.ts';

const body = Buffer.from('{"object":"page","entry":[{"id":"1","changes":[]}]}');

describe('X-Hub-Signature-256', () => {
  it('computes sha256= + hex HMAC of the raw bytes', () => {
    // printf 'hello' | openssl dgst -sha256 -hmac secret
    expect(hubSignature(Buffer.from('hello'), 'secret')).toBe(
      'sha256=88aab3ede8d3adf94d26ab90d3bafd4a2083070c3bcce9c014ee04a443847c0b',
    );
  });

  const good = hubSignature(body, 'app-secret');
  it.each([
    ['the right signature', body, good, ['app-secret'], true],
    ['an upper-case hex signature', body, `sha256=${good.slice(7).toUpperCase()}`, ['app-secret'], true],
    ['one of several app secrets', body, good, ['other', 'app-secret'], true],
    ['a wrong secret', body, good, ['other'], false],
    [
      'a body changed by one byte',
      Buffer.from(body.toString().replace('"1"', '"2"')),
      good,
      ['app-secret'],
      false,
    ],
    [
      'the same JSON re-serialised',
      Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1)),
      good,
      ['app-secret'],
      false,
    ],
    ['a missing header', body, undefined, ['app-secret'], false],
    ['a sha1 header', body, 'sha1=abcdef', ['app-secret'], false],
    ['a truncated signature', body, good.slice(0, 40), ['app-secret'], false],
    ['no configured secret', body, good, [], false],
  ] as const)('%s → %s', (_what, raw, header, secrets, expected) => {
    expect(verifyHubSignature(raw, header, secrets)).toBe(expected);
  });
});
