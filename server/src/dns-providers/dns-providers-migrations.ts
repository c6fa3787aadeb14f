import type { Migration } from '../storage/migrations.js';

/** The DNS-provider area's tables. Append new migrations; never edit or rename one that has shipped. */
export const DNS_PROVIDERS_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-dns-providers',
    sql: `
    CREATE TABLE dns_providers (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      provider_type TEXT NOT NULL,
      config TEXT NOT NULL,
      sealed_credentials BLOB NOT NULL,
      credential_fields TEXT NOT NULL,
      managed_zones TEXT NOT NULL,
      is_active INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      UNIQUE (tenant_id, name)
    );`,
  },
];
