declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    service_accounts: ServiceAccountsTable;
    api_keys: ApiKeysTable;
  }
}

export interface ServiceAccountsTable {
  id: string;
  tenant_id: string;
  name: string;
  identity_id: string;
  description: string | null;
  roles: string;
  scopes: string;
  created_at: number;
  deleted_at: number | null;
}

export interface ApiKeysTable {
  id: string;
  service_account_id: string;
  tenant_id: string;
  name: string;
  token_hash: Buffer;
  prefix: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
}
