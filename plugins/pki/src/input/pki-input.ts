// Flag parsing shared by the pki commands: ids, SANs, validity, revocation reasons, key shapes.
// Everything is checked before any request, so bad input is exit 5 and nothing is sent.
import { isIP } from 'node:net';
import { UsageError, parseInteger } from '@scaivault/core';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function requireId(value: string, what: string): string {
  if (!ID.test(value))
    throw new UsageError(`invalid ${what} ${JSON.stringify(value)}`, 'ids look like ca_root_abc: letters, digits, _ . : -');
  return value;
}

export function requireDnsName(value: string, flag: string): string {
  if (value.length > 253 || !DNS_NAME.test(value)) throw new UsageError(`${flag}: ${JSON.stringify(value)} is not a DNS name`);
  return value.toLowerCase();
}

/** `--san` takes DNS names and IP addresses (repeatable, or comma-separated); they go to `alt_names` and `ip_sans`. */
export function splitSans(values: readonly string[]): { altNames: string[]; ipSans: string[] } {
  const altNames: string[] = [];
  const ipSans: string[] = [];
  for (const item of values.flatMap((value) => value.split(',')).map((value) => value.trim())) {
    if (item === '') throw new UsageError('--san: an empty name was given');
    const bare = item.replace(/^(DNS|IP):/i, '');
    if (isIP(bare) !== 0) ipSans.push(bare);
    else altNames.push(requireDnsName(bare, '--san'));
  }
  return { altNames: [...new Set(altNames)], ipSans: [...new Set(ipSans)] };
}

export function parseValidityDays(value: string, flag = '--validity-days'): number {
  return parseInteger(value, flag, { min: 1, max: 36_500 });
}

/** `--validity-days 7` → the API's `ttl: "168h"`. */
export function ttlFromDays(days: number): string {
  return `${days * 24}h`;
}

export const REVOCATION_REASONS = [
  'unspecified',
  'key_compromise',
  'ca_compromise',
  'affiliation_changed',
  'superseded',
  'cessation_of_operation',
  'certificate_hold',
  'privilege_withdrawn',
  'aa_compromise',
] as const;
export type RevocationReasonName = (typeof REVOCATION_REASONS)[number];

export function parseReason(value: string): RevocationReasonName {
  const normalised = value.trim().toLowerCase().replace(/-/g, '_');
  if (!(REVOCATION_REASONS as readonly string[]).includes(normalised)) {
    throw new UsageError(`--reason: ${JSON.stringify(value)} is not a revocation reason`, `one of ${REVOCATION_REASONS.join(', ')}`);
  }
  return normalised as RevocationReasonName;
}

export interface KeyShape {
  keyType: 'rsa' | 'ec';
  keyBits: number;
}

export function parseKeyShape(
  type: string | undefined,
  bits: string | undefined,
  flags = { type: '--key-type', bits: '--key-size' },
): KeyShape {
  const keyType = (type ?? 'ec').toLowerCase();
  if (keyType !== 'ec' && keyType !== 'rsa') throw new UsageError(`${flags.type} must be ec or rsa, got ${JSON.stringify(type)}`);
  const allowed = keyType === 'rsa' ? [2048, 4096] : [256, 384];
  const keyBits = bits === undefined ? allowed[0]! : parseInteger(bits, flags.bits, { min: 1, max: 8192 });
  if (!allowed.includes(keyBits)) throw new UsageError(`${flags.bits} for ${keyType} keys must be ${allowed.join(' or ')}, got ${keyBits}`);
  return { keyType, keyBits };
}

/** `30d`, `720h`: what `--expiring-within` sends as `expiring_within`. */
export function parseExpiringWithin(value: string): string {
  if (!/^[1-9][0-9]*[mhd]$/.test(value))
    throw new UsageError(`--expiring-within: ${JSON.stringify(value)} is not a duration`, 'e.g. 30d or 720h');
  return value;
}

export function requireText(value: string, flag: string, max = 64): string {
  if (value.trim() === '' || value.length > max) throw new UsageError(`${flag} must be 1 to ${max} characters`);
  return value;
}
