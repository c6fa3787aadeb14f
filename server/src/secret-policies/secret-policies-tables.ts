declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    secret_policies: SecretPoliciesTable;
  }
}

export interface SecretPoliciesTable {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  policy_type: string;
  fields: string;
  is_active: number;
  created_at: number;
  updated_at: number;
}
