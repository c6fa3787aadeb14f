import type { Column } from '@scaivault/core';
import type { ScaiVaultEvent, Subscription } from '@scaivault/core/sdk';

const VERSION_KEYS = new Set(['old_version', 'new_version', 'version']);

/** The `data` of an event in a few words: versions as `v3 → v4`, other plain values as `key=value`. */
export function eventDetails(event: ScaiVaultEvent): string {
  const data = event.data ?? {};
  const parts: string[] = [];
  if (data.old_version !== undefined || data.new_version !== undefined)
    parts.push(`v${data.old_version ?? '?'} → v${data.new_version ?? '?'}`);
  else if (data.version !== undefined) parts.push(`v${data.version}`);
  for (const [key, value] of Object.entries(data)) {
    if (VERSION_KEYS.has(key) || value === null || value === undefined || typeof value === 'object') continue;
    const text = String(value);
    parts.push(`${key}=${/^[^\s"=]+$/.test(text) ? text : JSON.stringify(text)}`);
  }
  return parts.join(' ');
}

/** One event on one line, for people watching `poll --follow`. */
export function eventLine(event: ScaiVaultEvent): string {
  const details = eventDetails(event);
  const line = [event.timestamp ?? '-', event.event_type, event.path ?? '-', ...(details ? [details] : [])].join('  ');
  return line.replace(/[\r\n]+/g, ' ');
}

export const EVENT_COLUMNS: ReadonlyArray<Column<ScaiVaultEvent>> = [
  { header: 'time', value: (e) => e.timestamp },
  { header: 'type', value: (e) => e.event_type },
  { header: 'path', value: (e) => e.path ?? '' },
  { header: 'details', value: (e) => eventDetails(e) },
  { header: 'event id', value: (e) => e.event_id },
];

/** The human view of one subscription. */
export function subscriptionPairs(subscription: Subscription): Array<[string, unknown]> {
  const delivery = subscription.delivery;
  const pairs: Array<[string, unknown]> = [
    ['id', subscription.id],
    ['name', subscription.name],
    ['paths', (subscription.paths ?? []).join(', ')],
    ['events', (subscription.events ?? []).join(', ')],
    ['delivery', delivery?.type],
  ];
  if (delivery?.url) pairs.push(['webhook', delivery.url]);
  if (delivery?.buffer_size !== undefined && delivery.buffer_size !== null) pairs.push(['buffer size', delivery.buffer_size]);
  const queued = (subscription as { queued_events?: unknown }).queued_events;
  if (typeof queued === 'number') pairs.push(['queued events', queued]);
  pairs.push(['status', subscription.status], ['owner', subscription.identity_id], ['created', subscription.created_at]);
  return pairs;
}

export const SUBSCRIPTION_COLUMNS: ReadonlyArray<Column<Subscription>> = [
  { header: 'id', value: (s) => s.id },
  { header: 'name', value: (s) => s.name },
  { header: 'delivery', value: (s) => s.delivery?.type },
  { header: 'events', value: (s) => (s.events ?? []).join(',') },
  { header: 'paths', value: (s) => (s.paths ?? []).join(',') },
  { header: 'status', value: (s) => s.status },
];
