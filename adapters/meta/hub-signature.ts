import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `X-Hub-Signature-256` value Meta sends with a webhook: `sha256=` + hex HMAC-SHA256 of the raw
 * body bytes, keyed with the app secret.
 *
 * @example hubSignature(Buffer.from('{}'), 'secret') // 'sha256=…64 hex…'
 */
export function hubSignature(rawBody: Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/**
 * Checks a webhook signature over the RAW body in constant time against each candidate app secret
 * (several apps may serve different accounts). Returns false for a missing or malformed header.
 */
export function verifyHubSignature(
  rawBody: Buffer,
  header: string | undefined,
  appSecrets: readonly string[],
): boolean {
  if (!header || !/^sha256=[0-9a-fA-F]{64}$/.test(header)) return false;
  const given = Buffer.from(header.slice('sha256='.length).toLowerCase(), 'hex');
  let ok = false;
  for (const secret of appSecrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    // No early exit: every secret is checked, so timing says nothing about which one matched.
    if (timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}
