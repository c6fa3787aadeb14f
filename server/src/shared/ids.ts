import { randomBytes, randomFillSync } from 'node:crypto';

// Crockford base32: unambiguous, lowercase-safe, sorts the same as the numbers it encodes.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const ID_RANDOM_BYTES = 16;

/**
 * Random bytes for ids, drawn from the CSPRNG a few kilobytes at a time and handed out once each.
 * A request makes several ids (request, audit entry, event, lease), and a `randomBytes(16)` call
 * apiece cost more than everything else it does to make them. Ids are identifiers, not secrets;
 * tokens and passwords still take their own `randomBytes`.
 */
const idEntropy = Buffer.alloc(4096);
let idEntropyOffset = idEntropy.length;

function base32Random(): string {
  if (idEntropyOffset + ID_RANDOM_BYTES > idEntropy.length) {
    randomFillSync(idEntropy);
    idEntropyOffset = 0;
  }
  let out = '';
  for (let i = idEntropyOffset; i < idEntropyOffset + ID_RANDOM_BYTES; i++) out += ALPHABET[idEntropy[i]! & 31];
  idEntropyOffset += ID_RANDOM_BYTES;
  return out;
}

/** An opaque id such as `pol_8k2m...`; 16 random characters carry 80 bits. */
export function newId(prefix: string): string {
  return `${prefix}_${base32Random()}`;
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
  return `${prefix}_${time.toUpperCase()}${base32Random().toUpperCase()}`;
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
