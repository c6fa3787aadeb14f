declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    secrets: SecretsTable;
    secret_versions: SecretVersionsTable;
  }
}

export interface SecretsTable {
  tenant_id: string;
  path: string;
  secret_type: string;
  metadata: string;
  current_version: number;
  max_versions: number;
  expires_at: number | null;
  rotation_policy_id: string | null;
  secret_policy_id: string | null;
  created_at: number;
  created_by: string;
  updated_at: number;
  last_rotated_at: number | null;
  last_accessed_at: number | null;
  deleted_at: number | null;
  recoverable_until: number | null;
}

export interface SecretVersionsTable {
  tenant_id: string;
  path: string;
  version: number;
  key_id: string;
  nonce: Buffer;
  ciphertext: Buffer;
  created_at: number;
  created_by: string;
  readable_until: number | null;
}
