import { UsageError, type Column } from '@scaivault/core';
import type { FederationBackend, FederationConflict, FederationStatus, FederationSync } from '@scaivault/core/sdk';

const BACKEND = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** A backend id (`fed_...`) or name: one URL segment, caught before a request when it cannot be one. */
export function requireBackend(value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError('a backend id is required', 'e.g. scaivault federation status fed_abc');
  if (!BACKEND.test(value))
    throw new UsageError(`invalid backend id ${JSON.stringify(value)}`, 'backend ids look like fed_8k2m... (a name works too)');
  return value;
}

const mapping = (b: FederationBackend) =>
  Object.entries(b.path_mapping ?? {})
    .map(([pattern, template]) => `${pattern} → ${template}`)
    .join(', ');

export const BACKEND_COLUMNS: ReadonlyArray<Column<FederationBackend>> = [
  { header: 'id', value: (b) => b.id },
  { header: 'name', value: (b) => b.name },
  { header: 'type', value: (b) => b.type },
  {
    header: 'mode',
    value: (b) => (b.mode === 'sync' ? `sync every ${b.sync_interval}${b.write_through ? ', write-through' : ''}` : b.mode),
  },
  { header: 'status', value: (b) => b.status },
  { header: 'last sync', value: (b) => b.last_sync ?? '' },
  { header: 'paths', value: mapping },
];

export function backendPairs(backend: FederationBackend): Array<[string, unknown]> {
  return [
    ['id', backend.id],
    ['name', backend.name],
    ['type', backend.type],
    ['mode', backend.mode],
    ...(backend.mode === 'sync'
      ? ([
          ['sync_interval', backend.sync_interval],
          ['write_through', backend.write_through],
        ] as Array<[string, unknown]>)
      : []),
    ['path_mapping', mapping(backend)],
    ...Object.entries(backend.config ?? {}).map(([key, value]) => [`config.${key}`, value] as [string, unknown]),
    ['status', backend.status],
    ['last_sync', backend.last_sync ?? '(never)'],
    ['created_at', backend.created_at],
  ];
}

export function statusPairs(status: FederationStatus): Array<[string, unknown]> {
  const connection = status.connection;
  return [
    ['id', status.id],
    ['name', status.name],
    ['status', status.status],
    ['connection', connection ? `${connection.status}${connection.latency_ms != null ? ` (${connection.latency_ms} ms)` : ''}` : ''],
    ...(connection?.error ? ([['connection_error', connection.error]] as Array<[string, unknown]>) : []),
    ...(status.mode === 'sync'
      ? ([
          ['last_sync', status.last_sync ?? '(never)'],
          ['last_sync_duration_ms', status.last_sync_duration_ms],
          ['secrets_synced', status.secrets_synced],
          ['conflicts', status.conflicts],
          ['latest_sync', status.sync ? syncLine(status.sync) : '(none)'],
        ] as Array<[string, unknown]>)
      : []),
  ];
}

export function syncLine(sync: FederationSync): string {
  const counts = `${sync.secrets_synced ?? 0} synced, ${sync.conflicts ?? 0} conflict(s)`;
  if (sync.status === 'running') return `${sync.sync_id} running since ${sync.started_at}`;
  if (sync.status === 'failed') return `${sync.sync_id} failed: ${sync.error ?? 'no reason given'}`;
  return `${sync.sync_id} ${sync.status} ${sync.completed_at ?? ''}: ${counts}`;
}

export const CONFLICT_COLUMNS: ReadonlyArray<Column<FederationConflict>> = [
  { header: 'path', value: (c) => c.path },
  { header: 'backend path', value: (c) => c.backend_path },
  { header: 'local version', value: (c) => c.local_version, align: 'right' },
  { header: 'backend version', value: (c) => (c.remote_version == null ? '' : String(c.remote_version)) },
  { header: 'detected', value: (c) => c.detected_at },
];
