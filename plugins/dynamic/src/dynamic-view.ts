import { UsageError, parseDuration, type Column } from '@scaivault/core';
import type { DynamicEngine, DynamicRole, Lease, LeasedCredentials } from '@scaivault/core/sdk';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const LEASE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** Engine and role names are single URL segments; anything else is a typo caught before a request. */
export function requireName(value: string, what: string): string {
  if (!NAME.test(value)) throw new UsageError(`invalid ${what} ${JSON.stringify(value)}`, 'letters, digits, ".", "_" and "-", at most 64');
  return value;
}

export function requireLeaseId(value: string): string {
  if (!LEASE_ID.test(value)) throw new UsageError(`invalid lease id ${JSON.stringify(value)}`, 'lease ids look like lease_8k2m...');
  return value;
}

/** A `--ttl`/`--default-ttl`/`--max-ttl` value, checked locally (exit 5) and sent as written. */
export function ttlFlag(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined) parseDuration(value, flag);
  return value;
}

export const ENGINE_COLUMNS: ReadonlyArray<Column<DynamicEngine>> = [
  { header: 'name', value: (e) => e.name },
  { header: 'type', value: (e) => [e.type, e.config?.plugin].filter(Boolean).join('/') },
  { header: 'default ttl', value: (e) => e.default_ttl },
  { header: 'max ttl', value: (e) => e.max_ttl },
  { header: 'root credentials', value: (e) => e.config?.root_credentials_path as string | undefined },
];

export function enginePairs(engine: DynamicEngine): Array<[string, unknown]> {
  return [
    ['name', engine.name],
    ['type', engine.type],
    ['plugin', engine.config?.plugin],
    ['connection_url', engine.config?.connection_url],
    ['root_credentials_path', engine.config?.root_credentials_path],
    ['default_ttl', engine.default_ttl],
    ['max_ttl', engine.max_ttl],
    ['created_at', engine.created_at],
  ];
}

export const ROLE_COLUMNS: ReadonlyArray<Column<DynamicRole>> = [
  { header: 'name', value: (r) => r.name },
  { header: 'default ttl', value: (r) => r.default_ttl ?? '(engine)' },
  { header: 'max ttl', value: (r) => r.max_ttl ?? '(engine)' },
  { header: 'statements', value: (r) => r.creation_statements?.length, align: 'right' },
];

export function rolePairs(role: DynamicRole): Array<[string, unknown]> {
  const lines = (statements: string[] | null | undefined, fallback: string) =>
    statements && statements.length > 0 ? statements.map((statement) => statement.replace(/\s*\n\s*/g, ' ')).join('; ') : fallback;
  return [
    ['name', role.name],
    ['engine', role.engine],
    ['default_ttl', role.default_ttl ?? '(the engine’s)'],
    ['max_ttl', role.max_ttl ?? '(the engine’s)'],
    ['creation_statements', lines(role.creation_statements, '')],
    ['revocation_statements', lines(role.revocation_statements, '(default: reassign, drop owned, drop role)')],
    ['renew_statements', lines(role.renew_statements, '(default: ALTER ROLE … VALID UNTIL)')],
  ];
}

export const LEASE_COLUMNS: ReadonlyArray<Column<Lease>> = [
  { header: 'lease id', value: (l) => l.lease_id },
  { header: 'engine', value: (l) => l.engine },
  { header: 'role', value: (l) => l.role },
  { header: 'status', value: (l) => l.status },
  { header: 'expires', value: (l) => l.expires_at },
  { header: 'ttl', value: (l) => (l.status === 'active' ? l.ttl : '') },
  { header: 'username', value: (l) => l.username },
];

export function leasePairs(lease: Lease): Array<[string, unknown]> {
  return [
    ['lease_id', lease.lease_id],
    ['engine', lease.engine],
    ['role', lease.role],
    ['status', lease.status],
    ['username', lease.username],
    ['issued_at', lease.issued_at],
    ['expires_at', lease.expires_at],
    ['ttl', lease.ttl],
    ['renewable', lease.renewable],
    ['max_expires_at', lease.max_expires_at],
    ...(lease.revoked_at ? ([['revoked_at', lease.revoked_at]] as Array<[string, unknown]>) : []),
    ...(lease.status === 'revocation_failed'
      ? ([
          ['revocation_attempts', lease.revocation_attempts],
          ['next_attempt_at', lease.next_attempt_at],
          ['last_error', lease.last_error],
        ] as Array<[string, unknown]>)
      : []),
  ];
}

/**
 * The human view of new credentials: everything but the password and the URL that embeds it,
 * which only `--json` and `--field` print (a terminal table may be on a shared screen or in a log).
 */
export function credentialPairs(lease: LeasedCredentials): Array<[string, unknown]> {
  const hidden = '(hidden: use --field password or --json)';
  return [
    ['lease_id', lease.lease_id],
    ['username', lease.data.username],
    ['password', hidden],
    ['connection_url', '(hidden: use --field connection_url or --json)'],
    ['ttl', lease.ttl],
    ['expires_at', lease.expires_at],
    ['renewable', lease.renewable],
  ];
}
