import type { Column } from '@scaivault/core';
import type { ApiKey, ServiceAccount } from '@scaivault/core/sdk';

/** The human view of one service account. */
export function accountPairs(account: ServiceAccount): Array<[string, unknown]> {
  return [
    ['id', account.id],
    ['name', account.name],
    ['identity', account.identity_id],
    ['roles', (account.roles ?? []).join(', ')],
    ['description', account.description ?? ''],
    ['status', account.status],
    ['created', account.created_at],
  ];
}

export const ACCOUNT_COLUMNS: ReadonlyArray<Column<ServiceAccount>> = [
  { header: 'id', value: (a) => a.id },
  { header: 'name', value: (a) => a.name },
  { header: 'identity', value: (a) => a.identity_id },
  { header: 'roles', value: (a) => (a.roles ?? []).join(',') },
  { header: 'created', value: (a) => a.created_at },
];

/** A revoked key stays listed (marked `revoked_at`) so its use can still be traced. */
type ListedKey = ApiKey & { revoked_at?: string | null };

export const KEY_COLUMNS: ReadonlyArray<Column<ListedKey>> = [
  { header: 'id', value: (k) => k.id },
  { header: 'name', value: (k) => k.name },
  { header: 'state', value: (k) => (k.revoked_at ? 'revoked' : 'active') },
  { header: 'created', value: (k) => k.created_at },
  { header: 'expires', value: (k) => k.expires_at ?? 'never' },
  { header: 'last used', value: (k) => k.last_used_at ?? 'never' },
  { header: 'prefix', value: (k) => k.prefix },
];
