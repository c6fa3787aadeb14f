import type { Generated, Selectable } from 'kysely';

declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    federation_backends: FederationBackendsTable;
    federation_syncs: FederationSyncsTable;
    federation_copies: FederationCopiesTable;
    federation_conflicts: FederationConflictsTable;
  }
}

/** A backend: where it is, how its paths map, and where its credentials are kept — never the credentials themselves. */
export interface FederationBackendsTable {
  id: string;
  tenant_id: string;
  name: string;
  /** `scaivault`, `hashicorp-vault`, `aws-secrets-manager` */
  backend_type: string;
  /** `proxy` or `sync` */
  mode: string;
  /** JSON: the backend-specific config as sent (paths to credentials, never their values). */
  config: string;
  /** JSON: `{scaivault glob: backend template}`. */
  path_mapping: string;
  sync_interval: string | null;
  sync_interval_ms: number | null;
  /** 1: local writes to a sync-mode path go to the backend first. */
  write_through: number;
  /** The last contact's outcome: `unknown` (none yet), `connected`, `unreachable`, `auth_failed`, `error`. */
  connection_status: string;
  connection_checked_at: number | null;
  /** One line naming what failed; never a credential or a value. */
  connection_error: string | null;
  created_at: number;
  created_by: string;
  updated_at: number;
}

export type SyncRow = Selectable<FederationSyncsTable>;

/** One sync of a sync-mode backend, manual or scheduled. */
export interface FederationSyncsTable {
  /** Insertion order: syncs started in the same millisecond still have a latest. */
  seq: Generated<number>;
  id: string;
  tenant_id: string;
  backend_id: string;
  /** `running`, `completed`, `failed` */
  status: string;
  /** `manual` or `scheduled` */
  sync_trigger: string;
  started_at: number;
  completed_at: number | null;
  secrets_synced: number;
  conflicts: number;
  error: string | null;
}

/** The local secret version a sync wrote (or found equal): a later local version means someone changed it here. */
export interface FederationCopiesTable {
  tenant_id: string;
  path: string;
  backend_id: string;
  local_version: number;
  /** JSON: the backend's version (a number for ScaiVault and Vault, an id for AWS). */
  remote_version: string | null;
  synced_at: number;
}

/** A path whose local value and backend value differ while both changed: listed, never overwritten. */
export interface FederationConflictsTable {
  tenant_id: string;
  backend_id: string;
  path: string;
  backend_path: string;
  local_version: number;
  remote_version: string | null;
  detected_at: number;
}
