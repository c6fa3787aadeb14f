declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    access_policies: AccessPoliciesTable;
    policy_bindings: PolicyBindingsTable;
  }
}

export interface AccessPoliciesTable {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  rules: string;
  scope: string;
  is_active: number;
  created_at: number;
  updated_at: number;
}

export interface PolicyBindingsTable {
  id: string;
  policy_id: string;
  tenant_id: string;
  identity_type: string;
  identity_id: string;
  expires_at: number | null;
  created_at: number;
}
