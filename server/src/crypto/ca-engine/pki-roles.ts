// The rules a role puts on what `issue/{role}` and `sign/{role}` may put in a certificate, and the
// check that applies them. Every refusal names the field and the value that broke the rule.
import { isIP } from 'node:net';
import { parseTtl } from './durations.js';
import type { ExtendedKeyUsageName } from './extensions.js';
import type { KeySpec, KeyType } from './key-pairs.js';
import { PkiValidationError } from './pki-validation-error.js';
import { checkWithinIssuer } from './validity.js';

export interface PkiRolePolicy {
  name: string;
  /** Name patterns; `*` matches within one DNS label (`*.internal` allows `db.internal`). */
  allowedDomains: readonly string[];
  /** Also allow any name below an allowed one (`a.b.internal` under `*.internal`, `x.example.com` under `example.com`). */
  allowSubdomains: boolean;
  allowIpSans: boolean;
  /** undefined = bounded only by the CA's own expiry. */
  maxTtlSeconds?: number;
  /** `any` lets `sign` accept any supported key; `issue` then makes EC P-256. */
  keyType: KeyType | 'any';
  /** RSA: the minimum modulus; EC: the curve size. */
  keyBits: number;
  requireCn: boolean;
  extKeyUsage: readonly ExtendedKeyUsageName[];
}

export interface LeafRequest {
  commonName?: string;
  altNames?: readonly string[];
  ipSans?: readonly string[];
  ttl?: string;
}

export interface AuthorizedLeaf {
  commonName: string | undefined;
  dnsNames: string[];
  ipAddresses: string[];
  notAfter: Date;
}

/** Lives far longer than any leaf should, so a role without `max_ttl` still gets a sane default. */
export const DEFAULT_LEAF_TTL_SECONDS = 30 * 86_400;
export const MAX_NAMES_PER_CERTIFICATE = 100;

const LABEL = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)$/;

function isDnsName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  return labels.every((label, index) => LABEL.test(label) || (index === 0 && label === '*' && labels.length > 1));
}

function globMatches(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^.]+')}$`,
  );
  return regex.test(name);
}

export function nameAllowedByRole(name: string, role: Pick<PkiRolePolicy, 'allowedDomains' | 'allowSubdomains'>): boolean {
  const candidate = name.toLowerCase();
  const labels = candidate.split('.');
  return role.allowedDomains.some((raw) => {
    const pattern = raw.toLowerCase();
    if (globMatches(pattern, candidate)) return true;
    if (!role.allowSubdomains) return false;
    for (let drop = 1; drop < labels.length; drop++) if (globMatches(pattern, labels.slice(drop).join('.'))) return true;
    return false;
  });
}

function refuse(field: string, value: string, message: string): never {
  throw new PkiValidationError('validation_error', field, value, message);
}

function checkDnsName(name: string, field: string, role: PkiRolePolicy): string {
  const lower = name.toLowerCase();
  if (!isDnsName(lower)) refuse(field, name, `${field}: ${JSON.stringify(name)} is not a valid DNS name`);
  if (!nameAllowedByRole(lower, role)) {
    const allowed = role.allowedDomains.length === 0 ? 'none' : role.allowedDomains.join(', ');
    refuse(
      field,
      name,
      `${field}: ${JSON.stringify(name)} is not allowed by role ${role.name} (allowed_domains: ${allowed}${role.allowSubdomains ? ', subdomains allowed' : ''})`,
    );
  }
  return lower;
}

function checkIp(address: string, field: string, role: PkiRolePolicy): string {
  if (isIP(address) === 0) refuse(field, address, `${field}: ${JSON.stringify(address)} is not an IP address`);
  if (!role.allowIpSans)
    refuse(field, address, `${field}: ${JSON.stringify(address)} is not allowed: role ${role.name} does not allow IP SANs`);
  return address;
}

function leafLifetime(role: PkiRolePolicy, ttl: string | undefined, now: Date, issuerNotAfter: Date): Date {
  if (ttl === undefined) {
    // No TTL asked for: the role's maximum, cut short by the CA's own expiry rather than refused.
    const seconds = role.maxTtlSeconds ?? DEFAULT_LEAF_TTL_SECONDS;
    return new Date(Math.min(now.getTime() + seconds * 1000, issuerNotAfter.getTime()));
  }
  const seconds = parseTtl(ttl);
  if (role.maxTtlSeconds !== undefined && seconds > role.maxTtlSeconds) {
    refuse('ttl', ttl, `ttl ${ttl} is more than role ${role.name} allows (max_ttl ${role.maxTtlSeconds / 3600}h)`);
  }
  const notAfter = new Date(Math.floor((now.getTime() + seconds * 1000) / 1000) * 1000);
  checkWithinIssuer(notAfter, issuerNotAfter, 'ttl', ttl);
  return notAfter;
}

/** Applies the role to a request: the names, IPs and lifetime the certificate may carry. */
export function authorizeLeaf(role: PkiRolePolicy, request: LeafRequest, context: { now: Date; issuerNotAfter: Date }): AuthorizedLeaf {
  const commonName = request.commonName === undefined || request.commonName === '' ? undefined : request.commonName;
  if (role.requireCn && commonName === undefined) refuse('common_name', '', `common_name is required by role ${role.name}`);
  const altNames = request.altNames ?? [];
  const ipSans = request.ipSans ?? [];
  if (altNames.length + ipSans.length + 1 > MAX_NAMES_PER_CERTIFICATE) {
    refuse('alt_names', String(altNames.length + ipSans.length), `a certificate may carry at most ${MAX_NAMES_PER_CERTIFICATE} names`);
  }
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  if (commonName !== undefined) {
    if (commonName.length > 64) refuse('common_name', commonName, 'common_name must be at most 64 characters (RFC 5280 ub-common-name)');
    // Browsers ignore the CN, so it is checked like any name and copied into the SANs.
    if (isIP(commonName) !== 0) ipAddresses.push(checkIp(commonName, 'common_name', role));
    else dnsNames.push(checkDnsName(commonName, 'common_name', role));
  }
  for (const name of altNames) {
    if (typeof name !== 'string') refuse('alt_names', String(name), 'alt_names must be an array of DNS names');
    const checked = checkDnsName(name, 'alt_names', role);
    if (!dnsNames.includes(checked)) dnsNames.push(checked);
  }
  for (const address of ipSans) {
    if (typeof address !== 'string') refuse('ip_sans', String(address), 'ip_sans must be an array of IP addresses');
    const checked = checkIp(address, 'ip_sans', role);
    if (!ipAddresses.includes(checked)) ipAddresses.push(checked);
  }
  if (dnsNames.length === 0 && ipAddresses.length === 0)
    refuse('common_name', '', 'the certificate would name nothing: give common_name, alt_names or ip_sans');
  return { commonName, dnsNames, ipAddresses, notAfter: leafLifetime(role, request.ttl, context.now, context.issuerNotAfter) };
}

/** The key `issue` makes for this role. */
export function issuedKeySpec(role: PkiRolePolicy): KeySpec {
  return role.keyType === 'any' ? { keyType: 'ec', keyBits: 256 } : { keyType: role.keyType, keyBits: role.keyBits };
}

/** Refuses a CSR key the role does not accept, naming the key. */
export function checkCsrKey(role: PkiRolePolicy, key: KeySpec | undefined): void {
  if (key === undefined) refuse('csr_pem', 'unsupported key', `the CSR's key is neither RSA nor EC P-256/P-384`);
  const shown = `${key.keyType} ${key.keyBits}`;
  if (key.keyType === 'rsa' && key.keyBits < 2048)
    refuse('csr_pem', shown, `the CSR's key (${shown}) is too weak: RSA keys must have at least 2048 bits`);
  if (role.keyType === 'any') return;
  if (key.keyType !== role.keyType)
    refuse('csr_pem', shown, `the CSR's key (${shown}) is not allowed by role ${role.name} (key_type ${role.keyType})`);
  const ok = key.keyType === 'rsa' ? key.keyBits >= role.keyBits : key.keyBits === role.keyBits;
  if (!ok)
    refuse(
      'csr_pem',
      shown,
      `the CSR's key (${shown}) is not allowed by role ${role.name} (key_type ${role.keyType}, key_bits ${role.keyBits})`,
    );
}
