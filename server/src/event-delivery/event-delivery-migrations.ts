import type { Migration } from '../storage/migrations.js';

/** The event-delivery area's tables. Append new migrations; never edit or rename one that has shipped. */
export const EVENT_DELIVERY_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-event-delivery',
    legacyVersion: 1,
    sql: `
    CREATE TABLE subscriptions (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      identity_id TEXT NOT NULL,
      paths TEXT NOT NULL,
      events TEXT NOT NULL,
      delivery_type TEXT NOT NULL,
      delivery_url TEXT,
      sealed_secret BLOB,
      buffer_size INTEGER NOT NULL,
      filters TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE subscription_queue (
      subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
      event_seq INTEGER NOT NULL,
      PRIMARY KEY (subscription_id, event_seq)
    ) WITHOUT ROWID;

    CREATE TABLE webhooks (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      url TEXT NOT NULL,
      sealed_secret BLOB NOT NULL,
      previous_sealed_secret BLOB,
      previous_secret_expires_at INTEGER,
      events TEXT NOT NULL,
      filters TEXT NOT NULL,
      enabled INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE webhook_deliveries (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      tenant_id TEXT NOT NULL,
      target_id TEXT NOT NULL,
      event_seq INTEGER NOT NULL,
      event_id TEXT NOT NULL,
      event_type TEXT NOT NULL,
      status TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      response_code INTEGER,
      error TEXT,
      duration_ms INTEGER,
      created_at INTEGER NOT NULL,
      completed_at INTEGER
    );
    CREATE INDEX deliveries_by_target ON webhook_deliveries (target_id, seq);
    CREATE INDEX deliveries_pending ON webhook_deliveries (status) WHERE status = 'pending';`,
  },
  {
    name: '002-webhook-owner',
    legacyVersion: 2,
    sql: `
      -- Whose access a tenant webhook's deliveries are filtered by. Webhooks from before this column
      -- were created by an admin; they are treated as root's.
      ALTER TABLE webhooks ADD COLUMN created_by TEXT NOT NULL DEFAULT 'user:root';`,
  },
  {
    name: '003-delivery-claims',
    sql: `
      -- When a pending delivery's next attempt is due, and until when an instance holds the attempt it
      -- claimed: only the instance whose conditional update claims an attempt sends it, and a retry
      -- waits out its delay on whichever instance leads by then. Deliveries queued before this column
      -- are due at once.
      ALTER TABLE webhook_deliveries ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE webhook_deliveries ADD COLUMN claimed_until INTEGER;`,
  },
];
