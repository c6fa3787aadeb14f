import type { Generated } from 'kysely';

declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    events: EventsTable;
  }
}

export interface EventsTable {
  seq: Generated<number>;
  event_id: string;
  tenant_id: string;
  event_type: string;
  timestamp: number;
  path: string | null;
  envelope: string;
}
