import { createHash, timingSafeEqual } from 'node:crypto';

/** Tokens and API keys are stored only as this digest; the plaintext is shown once. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Compares fixed-length digests in constant time, so response timing reveals nothing about a token. */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
