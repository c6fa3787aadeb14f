declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    dynamic_engines: DynamicEnginesTable;
    dynamic_roles: DynamicRolesTable;
    dynamic_leases: DynamicLeasesTable;
  }
}

/** An engine: where its backend is and where its root credentials are kept — never the credentials themselves. */
export interface DynamicEnginesTable {
  tenant_id: string;
  name: string;
  /** `database` */
  engine_type: string;
  /** `postgresql` */
  plugin: string;
  /** With `{{username}}` / `{{password}}` placeholders, filled from the root credentials secret. */
  connection_url: string;
  root_credentials_path: string;
  default_ttl: string;
  default_ttl_ms: number;
  max_ttl: string;
  max_ttl_ms: number;
  created_at: number;
  updated_at: number;
}

export interface DynamicRolesTable {
  tenant_id: string;
  engine: string;
  name: string;
  /** JSON arrays of SQL templates. */
  creation_statements: string;
  revocation_statements: string;
  renew_statements: string;
  default_ttl: string | null;
  default_ttl_ms: number | null;
  max_ttl: string | null;
  max_ttl_ms: number | null;
  created_at: number;
  updated_at: number;
}

/** One generated credential. The password is never stored: it is shown once, in the creds response. */
export interface DynamicLeasesTable {
  id: string;
  tenant_id: string;
  engine: string;
  role: string;
  /** The generated database role, which revocation drops. */
  username: string;
  /** `active`, `revoked`, `expired`, `revocation_failed` */
  status: string;
  issued_at: number;
  expires_at: number;
  /** Issue time plus the effective `max_ttl`: no renewal goes past it. */
  max_expires_at: number;
  created_by: string;
  revoked_at: number | null;
  revocation_attempts: number;
  /** For `revocation_failed`: when the reaper tries again. */
  next_attempt_at: number | null;
  /** The last revocation failure, scrubbed of credentials. */
  last_error: string | null;
}
