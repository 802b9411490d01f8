import { createHmac } from 'node:crypto';

/**
 * Computes the `x-line-signature` value LINE sends with a webhook: the
 * base64 HMAC-SHA256 of the exact body bytes, keyed with the channel secret.
 */
export function signBody(body: string | Buffer, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64');
}
