declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    personal_tokens: PersonalTokensTable;
  }
}

export interface PersonalTokensTable {
  id: string;
  tenant_id: string;
  identity_id: string;
  display_name: string | null;
  token_hash: Buffer;
  prefix: string;
  scopes: string;
  groups_json: string;
  mfa_verified: number;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  /** Set on access tokens minted by client credentials: the API key they live and die with. */
  api_key_id: string | null;
}
