// `pki roles create` flags → the role body of POST /v1/pki/roles.
import { UsageError, parseDuration } from '@scaivault/core';
import type { PkiRoleInput } from '@scaivault/core/sdk';
import { parseKeyShape, requireId } from './pki-input.js';

const GLOB = /^(\*\.)?(\*|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.(\*|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?))*$/i;
const USAGES = ['server_auth', 'client_auth', 'code_signing', 'email_protection'] as const;

export function allowedDomains(values: readonly string[]): string[] {
  const domains = values.flatMap((value) => value.split(',')).map((value) => value.trim().toLowerCase());
  for (const domain of domains)
    if (domain === '' || domain.length > 253 || !GLOB.test(domain))
      throw new UsageError(`--allowed-domain: ${JSON.stringify(domain)} is not a DNS name or glob like *.internal`);
  return [...new Set(domains)];
}

export function extKeyUsages(values: readonly string[]): PkiRoleInput['ext_key_usage'] {
  const usages = values.flatMap((value) => value.split(',')).map((value) => value.trim().toLowerCase().replace(/-/g, '_'));
  for (const usage of usages)
    if (!(USAGES as readonly string[]).includes(usage))
      throw new UsageError(`--ext-key-usage: ${JSON.stringify(usage)} is not one of ${USAGES.join(', ')}`);
  return usages as PkiRoleInput['ext_key_usage'];
}

export interface RoleFlags {
  name: string | undefined;
  ca: string | undefined;
  allowedDomain: string[];
  allowSubdomains: boolean;
  allowIpSans: boolean;
  maxTtl: string | undefined;
  keyType: string | undefined;
  keyBits: string | undefined;
  requireCn: boolean;
  storePrivateKeys: boolean;
  extKeyUsage: string[];
}

export function roleBody(flags: RoleFlags): PkiRoleInput {
  if (flags.name === undefined) throw new UsageError('--name is required');
  if (flags.ca === undefined) throw new UsageError('--ca is required: the CA the role issues from');
  const name = requireId(flags.name, 'role name');
  const body: PkiRoleInput = { name, ca_id: requireId(flags.ca, 'CA id'), allowed_domains: allowedDomains(flags.allowedDomain) };
  if (body.allowed_domains!.length === 0) throw new UsageError('give at least one --allowed-domain (e.g. *.internal)');
  if (flags.allowSubdomains) body.allow_subdomains = true;
  if (flags.allowIpSans) body.allow_ip_sans = true;
  if (flags.maxTtl !== undefined) {
    parseDuration(flags.maxTtl, '--max-ttl');
    if (!/^[1-9][0-9]*[smhd]$/.test(flags.maxTtl))
      throw new UsageError(`--max-ttl: ${JSON.stringify(flags.maxTtl)} must be a number and one unit, e.g. 720h or 30d`);
    body.max_ttl = flags.maxTtl;
  }
  if (flags.keyType === 'any') {
    if (flags.keyBits !== undefined) throw new UsageError('--key-bits does not apply to --key-type any');
    body.key_type = 'any';
  } else if (flags.keyType !== undefined || flags.keyBits !== undefined) {
    const key = parseKeyShape(flags.keyType ?? 'ec', flags.keyBits, { type: '--key-type', bits: '--key-bits' });
    body.key_type = key.keyType;
    body.key_bits = key.keyBits;
  }
  if (!flags.requireCn) body.require_cn = false;
  if (flags.storePrivateKeys) body.store_private_keys = true;
  if (flags.extKeyUsage.length > 0) body.ext_key_usage = extKeyUsages(flags.extKeyUsage);
  return body;
}
