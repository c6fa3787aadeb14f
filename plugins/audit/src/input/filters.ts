import { isIP } from 'node:net';
import { UsageError } from '@scaivault/core';
import type { AuditQueryFilters } from '@scaivault/core/sdk';
import { parseWindow } from './time.js';

const IDENTITY_TYPES = ['user', 'service_account', 'group'] as const;
type IdentityType = (typeof IDENTITY_TYPES)[number];
const OUTCOMES = ['success', 'failed'] as const;
const ACTION = /^[a-z][a-z0-9_.]{0,63}$/;
const PATH_PREFIX = /^[a-z0-9\-_/]{1,512}$/;

/** The audit filters as flags, shared by `audit query` and `audit export`. */
export interface FilterFlags {
  start?: string | undefined;
  end?: string | undefined;
  action?: string | undefined;
  identity?: string | undefined;
  identityType?: string | undefined;
  pathPrefix?: string | undefined;
  outcome?: string | undefined;
  sourceIp?: string | undefined;
  requestId?: string | undefined;
}

/** Checks every filter before any request and returns them in the SDK's terms. */
export function auditFilters(flags: FilterFlags): AuditQueryFilters {
  const filters: AuditQueryFilters = { ...parseWindow(flags.start, flags.end) };
  if (flags.action !== undefined) {
    const actions = flags.action.split(',').map((action) => action.trim());
    const bad = actions.find((action) => !ACTION.test(action));
    if (bad !== undefined)
      throw new UsageError(`invalid --action ${JSON.stringify(bad)}`, 'e.g. --action read or --action write,delete,rotate');
    filters.action = actions.join(',');
  }
  if (flags.identity !== undefined) {
    if (!/^[^\s]{1,256}$/.test(flags.identity))
      throw new UsageError(`invalid --identity ${JSON.stringify(flags.identity)}`, 'e.g. user:alice@acme.example or sa:reporting');
    filters.identityId = flags.identity;
  }
  if (flags.identityType !== undefined) {
    if (!IDENTITY_TYPES.includes(flags.identityType as IdentityType))
      throw new UsageError(`invalid --identity-type ${JSON.stringify(flags.identityType)}`, `use one of ${IDENTITY_TYPES.join(', ')}`);
    filters.identityType = flags.identityType as IdentityType;
  }
  if (flags.pathPrefix !== undefined) {
    if (!PATH_PREFIX.test(flags.pathPrefix) || flags.pathPrefix.startsWith('/') || flags.pathPrefix.includes('//')) {
      throw new UsageError(
        `invalid --path-prefix ${JSON.stringify(flags.pathPrefix)}`,
        'a secret path or its start, e.g. environments/production/',
      );
    }
    filters.pathPrefix = flags.pathPrefix;
  }
  if (flags.outcome !== undefined) {
    if (!(OUTCOMES as readonly string[]).includes(flags.outcome))
      throw new UsageError(`invalid --outcome ${JSON.stringify(flags.outcome)}`, `use one of ${OUTCOMES.join(', ')}`);
    filters.success = flags.outcome === 'success';
  }
  if (flags.sourceIp !== undefined) {
    if (isIP(flags.sourceIp) === 0)
      throw new UsageError(`invalid --source-ip ${JSON.stringify(flags.sourceIp)}`, 'an IPv4 or IPv6 address, e.g. 10.0.1.50');
    filters.sourceIp = flags.sourceIp;
  }
  if (flags.requestId !== undefined) {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(flags.requestId))
      throw new UsageError(`invalid --request-id ${JSON.stringify(flags.requestId)}`, 'e.g. req_abc123');
    filters.requestId = flags.requestId;
  }
  return filters;
}

/** The same filters in the body of an export job (`filters` uses the query's parameter names). */
export function exportFilterBody(filters: AuditQueryFilters): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (filters.action !== undefined) body.action = filters.action;
  if (filters.identityId !== undefined) body.identity_id = filters.identityId;
  if (filters.identityType !== undefined) body.identity_type = filters.identityType;
  if (filters.pathPrefix !== undefined) body.path_prefix = filters.pathPrefix;
  if (filters.success !== undefined) body.success = filters.success;
  if (filters.sourceIp !== undefined) body.source_ip = filters.sourceIp;
  if (filters.requestId !== undefined) body.request_id = filters.requestId;
  return body;
}
