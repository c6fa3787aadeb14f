// client.federation: external secret stores (HashiCorp Vault, AWS, Azure, GCP) served through
// ScaiVault. Routes: 20-rotation-events-audit-federation.md §2.5, §6; docs/api-decisions.md.
import { followCursor, type PageOptions } from '../pagination.js';
import * as s from '../response-shape.js';
import { encodeSegment } from '../secret-path.js';
import type { CallOptions, Transport } from '../transport/transport.js';

export type FederationBackendType = 'scaivault' | 'hashicorp-vault' | 'aws-secrets-manager' | 'azure-key-vault' | 'google-secret-manager';

const isBackend = s.object({
  id: s.string,
  name: s.optional(s.string),
  type: s.optional(s.string),
  config: s.optional(s.anyRecord),
  path_mapping: s.optional(s.record(s.string)),
  mode: s.optional(s.string),
  sync_interval: s.optional(s.string),
  write_through: s.optional(s.boolean),
  status: s.optional(s.string),
  last_sync: s.optional(s.string),
  created_at: s.optional(s.string),
  updated_at: s.optional(s.string),
});
export type FederationBackend = s.ShapeOf<typeof isBackend>;
const isBackendList = s.cursorList('backends', isBackend);
export type FederationBackendList = s.ShapeOf<typeof isBackendList>;

const isSyncStarted = s.object({
  sync_id: s.optional(s.string),
  backend_id: s.optional(s.string),
  status: s.string,
  trigger: s.optional(s.string),
  started_at: s.optional(s.string),
  completed_at: s.optional(s.string),
  duration_ms: s.optional(s.number),
  secrets_synced: s.optional(s.number),
  conflicts: s.optional(s.number),
  error: s.optional(s.string),
});
export type FederationSync = s.ShapeOf<typeof isSyncStarted>;

const isBackendStatus = s.object({
  id: s.optional(s.string),
  name: s.optional(s.string),
  mode: s.optional(s.string),
  status: s.string,
  last_sync: s.optional(s.string),
  last_sync_duration_ms: s.optional(s.number),
  secrets_synced: s.optional(s.number),
  conflicts: s.optional(s.number),
  connection: s.optional(
    s.object({ status: s.string, latency_ms: s.optional(s.number), checked_at: s.optional(s.string), error: s.optional(s.string) }),
  ),
  /** The latest sync (sync mode): what `federation sync` waits on. */
  sync: s.optional(isSyncStarted),
});
export type FederationStatus = s.ShapeOf<typeof isBackendStatus>;

const isConflict = s.object({
  path: s.string,
  backend_path: s.optional(s.string),
  local_version: s.optional(s.number),
  // A backend's version may be a number (Vault) or an opaque id (AWS).
  remote_version: s.optional(s.unknown),
  detected_at: s.optional(s.string),
});
export type FederationConflict = s.ShapeOf<typeof isConflict>;
const isConflictList = s.cursorList('conflicts', isConflict);
export type FederationConflictList = s.ShapeOf<typeof isConflictList>;

export interface FederationBackendInput {
  name: string;
  type: FederationBackendType;
  config: Record<string, unknown>;
  /** ScaiVault glob → backend path template, e.g. `{"external/hashicorp/**": "secret/data/**"}`. */
  path_mapping: Record<string, string>;
  mode: 'proxy' | 'sync';
  /** Required for `sync`, e.g. `15m`. */
  sync_interval?: string;
  /** `sync` only: local writes go to the backend first. */
  write_through?: boolean;
}

export class FederationNamespace {
  constructor(private readonly http: Transport) {}

  private at(id: string, suffix = ''): string {
    return `/v1/federation/backends/${encodeSegment(id)}${suffix}`;
  }

  list(options: CallOptions & PageOptions = {}): Promise<FederationBackendList> {
    const query = { limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: '/v1/federation/backends', query }, isBackendList);
  }

  listAll(options: CallOptions & { limit?: number } = {}): AsyncGenerator<FederationBackend, void, undefined> {
    return followCursor('backends', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  get(id: string, options: CallOptions = {}): Promise<FederationBackend> {
    return this.http.json({ ...options, method: 'GET', path: this.at(id) }, isBackend);
  }

  create(backend: FederationBackendInput, options: CallOptions = {}): Promise<FederationBackend> {
    return this.http.json({ ...options, method: 'POST', path: '/v1/federation/backends', body: backend }, isBackend);
  }

  update(id: string, changes: Partial<FederationBackendInput>, options: CallOptions = {}): Promise<FederationBackend> {
    return this.http.json({ ...options, method: 'PATCH', path: this.at(id), body: changes }, isBackend);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.http.discard({ ...options, method: 'DELETE', path: this.at(id) });
  }

  /** Connection and sync status. */
  status(id: string, options: CallOptions = {}): Promise<FederationStatus> {
    return this.http.json({ ...options, method: 'GET', path: this.at(id, '/status') }, isBackendStatus);
  }

  /** Starts a manual sync (sync-mode backends only). */
  sync(id: string, options: CallOptions = {}): Promise<FederationSync> {
    return this.http.json({ ...options, method: 'POST', path: this.at(id, '/sync') }, isSyncStarted);
  }

  conflicts(id: string, options: CallOptions & PageOptions = {}): Promise<FederationConflictList> {
    const query = { limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: this.at(id, '/conflicts'), query }, isConflictList);
  }
}
