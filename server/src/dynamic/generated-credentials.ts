import { randomInt } from 'node:crypto';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = `${LOWER}ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789`;
/** PostgreSQL truncates identifiers to 63 bytes; a longer name would not be the role we created. */
const MAX_IDENTIFIER = 63;

/** Characters drawn uniformly with the CSPRNG (`randomInt` rejects biased draws). */
function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/**
 * A fresh database role name, `v_<role>_<20 random>`: lower-case letters, digits and `_` only,
 * so it needs no quoting anywhere (it is still escaped by the driver), at most 63 characters, and
 * with 94 random bits never the same twice.
 */
export function generateUsername(roleName: string): string {
  const slug = roleName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 24);
  const suffix = randomString(`${LOWER}0123456789`, 20);
  return `v_${slug === '' ? 'role' : slug}_${suffix}`.slice(0, MAX_IDENTIFIER);
}

/** 32 letters and digits (about 190 bits): safe in SQL literals, URLs and shells alike. */
export function generatePassword(): string {
  return randomString(ALNUM, 32);
}
