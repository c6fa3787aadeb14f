import type { Generated } from 'kysely';

declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    audit_log: AuditLogTable;
  }
}

export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  tenant_id: string;
  timestamp: number;
  action: string;
  identity_type: string | null;
  identity_id: string | null;
  secret_path: string | null;
  source_ip: string | null;
  user_agent: string | null;
  success: number;
  duration_ms: number;
  request_id: string;
  extra_data: string;
}
