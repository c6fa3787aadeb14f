declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    dns_providers: DnsProvidersTable;
  }
}

export interface DnsProvidersTable {
  id: string;
  tenant_id: string;
  name: string;
  provider_type: string;
  /** JSON of the non-secret settings (returned as `config`). */
  config: string;
  /** The `credentials` object as JSON, sealed under the master key; never returned. */
  sealed_credentials: Buffer;
  /** JSON array of the credential field names that were given (names only, so a reader sees what is set). */
  credential_fields: string;
  /** JSON array of zone names, lower case, without a trailing dot. */
  managed_zones: string;
  is_active: number;
  created_at: number;
  updated_at: number;
  created_by: string;
}
