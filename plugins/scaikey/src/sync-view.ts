import type { Column } from '@scaivault/core';
import type { IdentitySyncRun } from '@scaivault/core/sdk';

export function scopeOf(run: IdentitySyncRun): string {
  return run.tenant_id ? `tenant ${run.tenant_id}` : run.partner_id ? `partner ${run.partner_id}` : 'everything';
}

/** "1 partner, 2 tenants, 5 users, 3 groups, 4 memberships" */
export function countsText(run: IdentitySyncRun): string {
  const counts = (run.counts ?? {}) as Record<string, number>;
  const names: [string, string, string][] = [
    ['partners', 'partner', 'partners'],
    ['tenants', 'tenant', 'tenants'],
    ['users', 'user', 'users'],
    ['groups', 'group', 'groups'],
    ['memberships', 'membership', 'memberships'],
  ];
  return names
    .filter(([key]) => typeof counts[key] === 'number')
    .map(([key, one, many]) => `${counts[key]} ${counts[key] === 1 ? one : many}`)
    .join(', ');
}

export function syncPairs(run: IdentitySyncRun): [string, unknown][] {
  return [
    ['Sync ID', run.sync_id],
    ['Status', run.status],
    ['Scope', scopeOf(run)],
    ['Requested by', run.requested_by ?? ''],
    ['Started at', run.started_at ?? ''],
    ['Completed at', run.completed_at ?? ''],
    ...(run.counts ? ([['Synced', countsText(run)]] as [string, unknown][]) : []),
    ...(run.error ? ([['Error', run.error]] as [string, unknown][]) : []),
  ];
}

export const SYNC_COLUMNS: readonly Column<IdentitySyncRun>[] = [
  { header: 'SYNC ID', value: (run) => run.sync_id },
  { header: 'STATUS', value: (run) => run.status },
  { header: 'SCOPE', value: scopeOf },
  { header: 'STARTED', value: (run) => run.started_at ?? '' },
  { header: 'COMPLETED', value: (run) => run.completed_at ?? '' },
  { header: 'RESULT', value: (run) => run.error ?? countsText(run) },
];
