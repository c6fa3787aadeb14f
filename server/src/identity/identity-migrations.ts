import type { Migration } from '../storage/migrations.js';

/** The identity area's tables. Append new migrations; never edit or rename one that has shipped. */
export const IDENTITY_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-identity-cache',
    sql: `
    CREATE TABLE identity_partners (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      slug TEXT NOT NULL,
      region TEXT,
      status TEXT NOT NULL,
      last_synced_at INTEGER NOT NULL
    );

    CREATE TABLE identity_tenants (
      id TEXT PRIMARY KEY,
      partner_id TEXT NOT NULL,
      name TEXT NOT NULL,
      slug TEXT NOT NULL,
      status TEXT NOT NULL,
      last_synced_at INTEGER NOT NULL
    );
    CREATE INDEX identity_tenants_by_partner ON identity_tenants (partner_id, id);

    CREATE TABLE identity_users (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      email TEXT NOT NULL,
      display_name TEXT NOT NULL,
      status TEXT NOT NULL,
      mfa_enabled INTEGER NOT NULL,
      roles_json TEXT NOT NULL,
      last_synced_at INTEGER NOT NULL
    );
    CREATE INDEX identity_users_by_email ON identity_users (tenant_id, email);

    CREATE TABLE identity_groups (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      description TEXT NOT NULL,
      last_synced_at INTEGER NOT NULL
    );
    CREATE INDEX identity_groups_by_tenant ON identity_groups (tenant_id, name);

    CREATE TABLE identity_memberships (
      group_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      tenant_id TEXT NOT NULL,
      membership_type TEXT NOT NULL,
      added_at TEXT,
      PRIMARY KEY (group_id, user_id)
    );
    CREATE INDEX identity_memberships_by_user ON identity_memberships (user_id);

    -- Admin roles given in ScaiVault (PUT /v1/identity/users/{id}/roles); they take the place of ScaiKey's.
    CREATE TABLE identity_role_assignments (
      user_id TEXT PRIMARY KEY,
      roles_json TEXT NOT NULL,
      assigned_by TEXT NOT NULL,
      assigned_at INTEGER NOT NULL
    );

    CREATE TABLE identity_syncs (
      id TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      partner_id TEXT,
      tenant_id TEXT,
      requested_by TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      started_at INTEGER,
      completed_at INTEGER,
      error TEXT,
      counts_json TEXT
    );
    CREATE INDEX identity_syncs_by_status ON identity_syncs (status, created_at);

    -- Webhook events already applied, so a replayed delivery is refused; rows older than the signature window are pruned.
    CREATE TABLE identity_webhook_events (
      event_id TEXT PRIMARY KEY,
      received_at INTEGER NOT NULL
    );`,
  },
];
