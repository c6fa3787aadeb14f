import { UsageError } from '@scaivault/core';
import type { IdentityType } from '@scaivault/core/sdk';

export const IDENTITY_TYPES: readonly IdentityType[] = ['user', 'service_account', 'group'];

/** The documented identity id prefixes and the identity type each one names. */
const PREFIX_TYPES: ReadonlyArray<readonly [string, IdentityType]> = [
  ['user:', 'user'],
  ['sa:', 'service_account'],
  ['group:', 'group'],
];

/**
 * Reads an identity id such as `user:alice@acme.example`, `sa:reporting-service` or `group:developers`
 * and returns the identity type its prefix names. The server derives the type from that prefix, so
 * an id without one could never match a binding.
 */
export function parseIdentityId(value: string, flag: string): { identityId: string; identityType: IdentityType } {
  const found = PREFIX_TYPES.find(([prefix]) => value.startsWith(prefix));
  if (!found || value.length === found[0].length || /\s/.test(value)) {
    throw new UsageError(
      `${flag} must be an identity id such as user:alice@acme.example, sa:reporting-service or group:developers, got ${JSON.stringify(value)}`,
    );
  }
  return { identityId: value, identityType: found[1] };
}

/** Checks `--identity-type` when it is given, and that it agrees with the id's prefix. */
export function checkIdentityType(given: string | undefined, derived: IdentityType, identityId: string): IdentityType {
  if (given === undefined) return derived;
  if (!IDENTITY_TYPES.includes(given as IdentityType)) {
    throw new UsageError(`invalid --identity-type ${JSON.stringify(given)}`, `use one of ${IDENTITY_TYPES.join(', ')}`);
  }
  if (given !== derived) {
    throw new UsageError(`--identity-type ${given} does not match ${identityId}, which is a ${derived} id`);
  }
  return derived;
}
