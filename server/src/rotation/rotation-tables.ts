import type { Generated } from 'kysely';

declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    rotation_policies: RotationPoliciesTable;
    rotation_history: RotationHistoryTable;
    schedule_notices: ScheduleNoticesTable;
  }
}

export interface RotationPoliciesTable {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  interval: string;
  interval_ms: number;
  grace_period: string;
  grace_period_ms: number;
  warn_before: string;
  auto_generate: number;
  secret_policy_id: string | null;
  webhook_ids: string;
  is_active: number;
  created_at: number;
  updated_at: number;
}

export interface RotationHistoryTable {
  seq: Generated<number>;
  id: string;
  tenant_id: string;
  policy_id: string;
  secret_path: string;
  status: string;
  old_version: number | null;
  new_version: number | null;
  triggered_by: string;
  error: string | null;
  started_at: number;
  completed_at: number | null;
}

export interface ScheduleNoticesTable {
  tenant_id: string;
  path: string;
  kind: string;
  due_at: number;
  threshold: string;
}
