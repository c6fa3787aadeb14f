import { UsageError } from '@scaivault/core';

const ROLE = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * Parses `--roles secrets-reader,auditor`: lower-case names separated by commas, each once.
 * Which roles exist is the server's business (an unknown one is `400 invalid_role`).
 */
export function parseRoleList(value: string, flag = '--roles'): string[] {
  const roles = value.split(',').map((role) => role.trim());
  if (roles.every((role) => role === '')) throw new UsageError(`${flag} is empty`, 'e.g. --roles secrets-reader');
  const seen = new Set<string>();
  for (const role of roles) {
    if (!ROLE.test(role))
      throw new UsageError(
        `invalid role ${JSON.stringify(role)} in ${flag}`,
        'roles are lower-case words joined by -, separated by commas',
      );
    if (seen.has(role)) throw new UsageError(`role ${JSON.stringify(role)} is given twice in ${flag}`);
    seen.add(role);
  }
  return roles;
}

/** A display name: not blank, one line, at most 256 characters (the server's limit). */
export function requireName(value: string, flag = '--name'): string {
  const name = value.trim();
  if (name === '') throw new UsageError(`${flag} is empty`);
  if (/[\r\n]/.test(name)) throw new UsageError(`${flag} must be one line`);
  if (name.length > 256) throw new UsageError(`${flag} is ${name.length} characters long; the maximum is 256`);
  return name;
}

/** An id such as `sva_...` or `key_...`: checked locally so a typo never reaches the server as a URL. */
export function requireId(value: string, prefix: 'sva' | 'key', what: string): string {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(value))
    throw new UsageError(`invalid ${what} ${JSON.stringify(value)}`, `${what}s look like ${prefix}_...`);
  return value;
}
