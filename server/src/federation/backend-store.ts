/** A value read from a backend: a JSON object (a non-JSON value arrives as `{"value": "..."}`) and the backend's version of it. */
export interface RemoteSecret {
  data: Record<string, unknown>;
  /** A number for ScaiVault and Vault, an opaque version id for AWS. */
  version: number | string | null;
}

/**
 * What federation needs of a secret store, in the backend's own path space (the mapped template
 * path). Implemented once per backend type; each call carries what it needs to authenticate.
 */
export interface BackendStore {
  /** The value at a backend path, or undefined when there is none. */
  read(path: string, version?: number): Promise<RemoteSecret | undefined>;
  /** Every backend path under a prefix (the template's literal part), for a sync. */
  list(prefix: string): Promise<string[]>;
  /** Writes a new value (write-through). */
  write(path: string, data: Record<string, unknown>): Promise<void>;
  /** A cheap authenticated request: what `status` times as the connection latency. */
  ping(): Promise<void>;
}

/** The backend could not be reached, or answered with something other than what was asked. */
export class BackendUnavailable extends Error {
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'auth_failed' | 'error' = 'unreachable',
  ) {
    super(message);
    this.name = 'BackendUnavailable';
  }
}
