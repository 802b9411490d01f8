import { randomBytes } from 'node:crypto';

const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_BITS = 80n;
const MAX_RANDOM = (1n << RANDOM_BITS) - 1n;

let lastTime = -1;
let lastRandom = 0n;

/**
 * Returns a ULID: 10 base32 characters of millisecond time, then 16 of
 * randomness. Within one millisecond the random part counts up, so ids from
 * this process sort in creation order, as LINE's webhookEventId does.
 */
export function createUlid(now: number = Date.now()): string {
  if (now <= lastTime && lastRandom < MAX_RANDOM) {
    lastRandom += 1n;
  } else {
    lastTime = Math.max(now, lastTime);
    lastRandom = BigInt(`0x${randomBytes(10).toString('hex')}`);
  }

  return encodeBase32(BigInt(lastTime), 10) + encodeBase32(lastRandom, 16);
}

function encodeBase32(value: bigint, length: number): string {
  let remaining = value;
  let text = '';

  for (let i = 0; i < length; i += 1) {
    text = CROCKFORD_BASE32[Number(remaining & 31n)] + text;
    remaining >>= 5n;
  }
  return text;
}
