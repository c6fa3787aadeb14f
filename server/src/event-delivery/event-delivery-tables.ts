import type { ColumnType, Generated } from 'kysely';

declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    subscriptions: SubscriptionsTable;
    subscription_queue: SubscriptionQueueTable;
    webhooks: WebhooksTable;
    webhook_deliveries: WebhookDeliveriesTable;
  }
}

export interface SubscriptionsTable {
  id: string;
  tenant_id: string;
  name: string;
  identity_id: string;
  paths: string;
  events: string;
  delivery_type: string;
  delivery_url: string | null;
  sealed_secret: Buffer | null;
  buffer_size: number;
  filters: string;
  status: string;
  created_at: number;
  updated_at: number;
}

export interface SubscriptionQueueTable {
  subscription_id: string;
  event_seq: number;
}

export interface WebhooksTable {
  id: string;
  tenant_id: string;
  name: string;
  url: string;
  sealed_secret: Buffer;
  previous_sealed_secret: Buffer | null;
  previous_secret_expires_at: number | null;
  events: string;
  filters: string;
  enabled: number;
  created_at: number;
  updated_at: number;
  /** The identity that created it; deliveries are limited to what it may see. */
  created_by: ColumnType<string, string | undefined, string>;
}

export interface WebhookDeliveriesTable {
  seq: Generated<number>;
  id: string;
  tenant_id: string;
  target_id: string;
  event_seq: number;
  event_id: string;
  event_type: string;
  status: string;
  attempts: number;
  response_code: number | null;
  error: string | null;
  duration_ms: number | null;
  created_at: number;
  completed_at: number | null;
  /** When the next attempt may start (the retry delay, kept here so a new leader honours it). */
  next_attempt_at: ColumnType<number, number | undefined, number>;
  /** Until when the instance that claimed the attempt in progress holds it; after that it is taken to be gone. */
  claimed_until: ColumnType<number | null, number | null | undefined, number | null>;
}
