/**
 * The SQLite schema, one entry per version (`PRAGMA user_version`). Later areas (PKI, dynamic
 * secrets, federation) append migrations here rather than editing earlier ones, so an existing
 * data directory upgrades in place.
 */
export const MIGRATIONS: readonly string[] = [
  `
  -- Server-wide facts, e.g. a value sealed under the master key to detect a wrong key at start.
  CREATE TABLE server_meta (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL
  );

  CREATE TABLE secrets (
    tenant_id TEXT NOT NULL,
    path TEXT NOT NULL,
    secret_type TEXT NOT NULL,
    metadata TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    max_versions INTEGER NOT NULL,
    expires_at INTEGER,
    rotation_policy_id TEXT,
    secret_policy_id TEXT,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    last_rotated_at INTEGER,
    last_accessed_at INTEGER,
    deleted_at INTEGER,
    recoverable_until INTEGER,
    PRIMARY KEY (tenant_id, path)
  ) WITHOUT ROWID;
  CREATE INDEX secrets_by_rotation_policy ON secrets (rotation_policy_id) WHERE rotation_policy_id IS NOT NULL;
  CREATE INDEX secrets_by_expiry ON secrets (tenant_id, expires_at) WHERE expires_at IS NOT NULL;

  CREATE TABLE secret_versions (
    tenant_id TEXT NOT NULL,
    path TEXT NOT NULL,
    version INTEGER NOT NULL,
    key_id TEXT NOT NULL,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    readable_until INTEGER,
    PRIMARY KEY (tenant_id, path, version)
  ) WITHOUT ROWID;

  CREATE TABLE access_policies (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    rules TEXT NOT NULL,
    scope TEXT NOT NULL,
    is_active INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE policy_bindings (
    id TEXT PRIMARY KEY,
    policy_id TEXT NOT NULL REFERENCES access_policies (id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL,
    identity_type TEXT NOT NULL,
    identity_id TEXT NOT NULL,
    expires_at INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX bindings_by_identity ON policy_bindings (tenant_id, identity_id);
  CREATE INDEX bindings_by_policy ON policy_bindings (policy_id);

  CREATE TABLE secret_policies (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    policy_type TEXT NOT NULL,
    fields TEXT NOT NULL,
    is_active INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );

  CREATE TABLE rotation_policies (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    interval TEXT NOT NULL,
    interval_ms INTEGER NOT NULL,
    grace_period TEXT NOT NULL,
    grace_period_ms INTEGER NOT NULL,
    warn_before TEXT NOT NULL,
    auto_generate INTEGER NOT NULL,
    secret_policy_id TEXT,
    webhook_ids TEXT NOT NULL,
    is_active INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, name)
  );
  CREATE TABLE rotation_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL,
    policy_id TEXT NOT NULL,
    secret_path TEXT NOT NULL,
    status TEXT NOT NULL,
    old_version INTEGER,
    new_version INTEGER,
    triggered_by TEXT NOT NULL,
    error TEXT,
    started_at INTEGER NOT NULL,
    completed_at INTEGER
  );
  CREATE INDEX history_by_policy ON rotation_history (policy_id, seq);
  -- One row per warning already sent, so a restart or a second tick never repeats one.
  CREATE TABLE schedule_notices (
    tenant_id TEXT NOT NULL,
    path TEXT NOT NULL,
    kind TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    threshold TEXT NOT NULL,
    PRIMARY KEY (tenant_id, path, kind, due_at, threshold)
  ) WITHOUT ROWID;

  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    action TEXT NOT NULL,
    identity_type TEXT,
    identity_id TEXT,
    secret_path TEXT,
    source_ip TEXT,
    user_agent TEXT,
    success INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    request_id TEXT NOT NULL,
    extra_data TEXT NOT NULL
  );
  CREATE INDEX audit_by_path ON audit_log (tenant_id, secret_path, seq);
  CREATE INDEX audit_by_request ON audit_log (request_id);

  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    path TEXT,
    envelope TEXT NOT NULL
  );

  CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    identity_id TEXT NOT NULL,
    paths TEXT NOT NULL,
    events TEXT NOT NULL,
    delivery_type TEXT NOT NULL,
    delivery_url TEXT,
    sealed_secret BLOB,
    buffer_size INTEGER NOT NULL,
    filters TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  -- Events waiting for a polling subscriber; a row leaves only when the subscriber acks it.
  CREATE TABLE subscription_queue (
    subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    event_seq INTEGER NOT NULL,
    PRIMARY KEY (subscription_id, event_seq)
  ) WITHOUT ROWID;

  CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    sealed_secret BLOB NOT NULL,
    previous_sealed_secret BLOB,
    previous_secret_expires_at INTEGER,
    events TEXT NOT NULL,
    filters TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE webhook_deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL,
    target_id TEXT NOT NULL,
    event_seq INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    response_code INTEGER,
    error TEXT,
    duration_ms INTEGER,
    created_at INTEGER NOT NULL,
    completed_at INTEGER
  );
  CREATE INDEX deliveries_by_target ON webhook_deliveries (target_id, seq);
  CREATE INDEX deliveries_pending ON webhook_deliveries (status) WHERE status = 'pending';

  CREATE TABLE service_accounts (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    identity_id TEXT NOT NULL,
    description TEXT,
    roles TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (tenant_id, identity_id)
  );
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    service_account_id TEXT NOT NULL REFERENCES service_accounts (id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER,
    last_used_at INTEGER
  );
  CREATE TABLE personal_tokens (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    identity_id TEXT NOT NULL,
    display_name TEXT,
    token_hash BLOB NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    scopes TEXT NOT NULL,
    groups_json TEXT NOT NULL,
    mfa_verified INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER
  );
  `,
  `
  -- A deleted service account stays as a tombstone, so its identity is never handed to a new
  -- account (which would inherit the old one's policy bindings and subscriptions).
  ALTER TABLE service_accounts ADD COLUMN deleted_at INTEGER;
  -- Access tokens minted by client credentials name the API key they came from, so revoking
  -- the key (or deleting its account) ends them at once.
  ALTER TABLE personal_tokens ADD COLUMN api_key_id TEXT;
  -- Whose access a tenant webhook's deliveries are filtered by. Webhooks from before this column
  -- were created by an admin; they are treated as root's.
  ALTER TABLE webhooks ADD COLUMN created_by TEXT NOT NULL DEFAULT 'user:root';
  `,
];
