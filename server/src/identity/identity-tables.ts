declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    identity_partners: IdentityPartnersTable;
    identity_tenants: IdentityTenantsTable;
    identity_users: IdentityUsersTable;
    identity_groups: IdentityGroupsTable;
    identity_memberships: IdentityMembershipsTable;
    identity_role_assignments: IdentityRoleAssignmentsTable;
    identity_syncs: IdentitySyncsTable;
    identity_webhook_events: IdentityWebhookEventsTable;
  }
}

export interface IdentityPartnersTable {
  id: string;
  name: string;
  slug: string;
  region: string | null;
  status: string;
  last_synced_at: number;
}

export interface IdentityTenantsTable {
  id: string;
  partner_id: string;
  name: string;
  slug: string;
  status: string;
  last_synced_at: number;
}

export interface IdentityUsersTable {
  id: string;
  tenant_id: string;
  /** Lower case: the `user:<email>` identity policies bind to. */
  email: string;
  display_name: string;
  status: string;
  mfa_enabled: number;
  /** JSON array of ScaiKey's admin roles for the user. */
  roles_json: string;
  last_synced_at: number;
}

export interface IdentityGroupsTable {
  id: string;
  tenant_id: string;
  /** The `group:<name>` identity policies bind to. */
  name: string;
  description: string;
  last_synced_at: number;
}

export interface IdentityMembershipsTable {
  group_id: string;
  user_id: string;
  tenant_id: string;
  membership_type: string;
  added_at: string | null;
}

export interface IdentityRoleAssignmentsTable {
  user_id: string;
  roles_json: string;
  assigned_by: string;
  assigned_at: number;
}

export interface IdentitySyncsTable {
  id: string;
  /** `pending` → `running` → `completed` | `failed` */
  status: string;
  partner_id: string | null;
  tenant_id: string | null;
  requested_by: string;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  error: string | null;
  counts_json: string | null;
}

export interface IdentityWebhookEventsTable {
  event_id: string;
  received_at: number;
}
