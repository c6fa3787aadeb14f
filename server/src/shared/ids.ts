import { randomBytes } from 'node:crypto';

// Crockford base32: unambiguous, lowercase-safe, sorts the same as the numbers it encodes.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function base32(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}

/** An opaque id such as `pol_8k2m...`; 16 random characters carry 80 bits. */
export function newId(prefix: string): string {
  return `${prefix}_${base32(randomBytes(16))}`;
}

export function newRequestId(): string {
  return newId('req');
}

/** A bearer credential: a recognisable prefix and 256 random bits. */
export function newSecretToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * A ULID-style id (`evt_` + 10 time characters + 16 random): sortable by creation time,
 * which is what the documented `evt_01HK7X9Z...` ids look like.
 */
export function newTimeOrderedId(prefix: string, nowMs: number): string {
  let time = '';
  let remaining = Math.max(0, Math.floor(nowMs));
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  return `${prefix}_${time.toUpperCase()}${base32(randomBytes(16)).toUpperCase()}`;
}

/** Lower-case slug used to derive readable ids (`rot_quarterly`) and identity ids (`sa:ci-pipeline`). */
export function slugify(name: string, separator: '_' | '-'): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '')
    .slice(0, 48);
}
