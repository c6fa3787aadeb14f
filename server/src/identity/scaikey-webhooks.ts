import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError, conflict, validationError } from '../http/api-error.js';
import type { Store } from '../storage/store.js';
import type { Clock } from '../shared/time.js';
import type { IdentityCache } from './identity-cache.js';

/** A signature older or newer than this is refused: a captured delivery cannot be replayed later. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export interface ScaiKeyEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

function refused(message: string): ApiError {
  return new ApiError(401, 'invalid_signature', message);
}

/**
 * Checks `X-ScaiKey-Signature` (`sha256=` + hex HMAC-SHA256 of `"{X-ScaiKey-Timestamp}.{raw body}"`
 * under the shared webhook secret) in constant time, and the timestamp against the window.
 */
export function verifyScaiKeySignature(secret: string | undefined, headers: Record<string, unknown>, body: Buffer, nowMs: number): void {
  if (!secret) throw refused('This server has no ScaiKey webhook secret configured; every delivery is refused');
  const timestamp = typeof headers['x-scaikey-timestamp'] === 'string' ? headers['x-scaikey-timestamp'] : '';
  const signature = typeof headers['x-scaikey-signature'] === 'string' ? headers['x-scaikey-signature'] : '';
  if (!/^\d{1,12}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/.test(signature))
    throw refused('X-ScaiKey-Timestamp and X-ScaiKey-Signature (sha256=<hex>) are required');
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature.slice('sha256='.length), 'hex')))
    throw refused('The X-ScaiKey-Signature does not match the body');
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS)
    throw refused(`The X-ScaiKey-Timestamp is more than ${SIGNATURE_WINDOW_SECONDS} s from this server's time`);
}

export function parseScaiKeyEvent(body: Buffer): ScaiKeyEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw validationError({ body: 'a JSON event {"id","type","data"}' });
  }
  const event = parsed as Partial<ScaiKeyEvent> | null;
  if (!event || typeof event.id !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(event.id)) throw validationError({ id: 'the event id' });
  if (typeof event.type !== 'string' || event.type.length > 64) throw validationError({ type: 'the event type, e.g. user.created' });
  if (!event.data || typeof event.data !== 'object' || Array.isArray(event.data)) throw validationError({ data: 'an object' });
  return event as ScaiKeyEvent;
}

function need(data: Record<string, unknown>, ...names: string[]): void {
  const missing = names.filter((name) => typeof data[name] !== 'string' || data[name] === '');
  if (missing.length > 0) throw validationError(Object.fromEntries(missing.map((name) => [`data.${name}`, 'required string'])));
}

/** Applies ScaiKey change events to the cache, each event once: a replayed event id is refused. */
export class ScaiKeyWebhookReceiver {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly cache: IdentityCache,
  ) {}

  /** Whether the event changed the cache (unknown event types are acknowledged and ignored). */
  async receive(event: ScaiKeyEvent): Promise<boolean> {
    const now = this.clock();
    return this.store.transaction(async () => {
      const inserted = await this.store.db
        .insertInto('identity_webhook_events')
        .values({ event_id: event.id, received_at: now })
        .onConflict((oc) => oc.column('event_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1)
        throw conflict('webhook_replayed', `Event '${event.id}' was already received; a replayed delivery is refused`, {
          event_id: event.id,
        });
      // Ids older than twice the window can never arrive with a valid signature again.
      await this.store.db
        .deleteFrom('identity_webhook_events')
        .where('received_at', '<', now - 2 * SIGNATURE_WINDOW_SECONDS * 1000)
        .execute();
      return this.apply(event);
    });
  }

  private async apply({ type, data }: ScaiKeyEvent): Promise<boolean> {
    const cache = this.cache;
    switch (type) {
      case 'partner.created':
      case 'partner.updated':
        need(data, 'id', 'name', 'slug', 'status');
        await cache.putPartner(data as never);
        return true;
      case 'tenant.created':
      case 'tenant.updated':
        need(data, 'id', 'partner_id', 'name', 'slug', 'status');
        await cache.putTenant(data as never);
        return true;
      case 'tenant.deleted':
        need(data, 'id');
        await cache.removeTenant(data.id as string);
        return true;
      case 'user.created':
      case 'user.updated':
        need(data, 'id', 'tenant_id', 'email', 'status');
        await cache.putUser(data as never);
        return true;
      case 'user.deleted':
        need(data, 'id');
        await cache.removeUser(data.id as string);
        return true;
      case 'group.created':
      case 'group.updated':
        need(data, 'id', 'tenant_id', 'name');
        await cache.putGroup(data as never);
        return true;
      case 'group.deleted':
        need(data, 'id');
        await cache.removeGroup(data.id as string);
        return true;
      case 'group.member_added':
        need(data, 'group_id', 'user_id', 'tenant_id');
        await cache.putMembership(data as never);
        return true;
      case 'group.member_removed':
        need(data, 'group_id', 'user_id');
        await cache.removeMembership(data.group_id as string, data.user_id as string);
        return true;
      default:
        return false;
    }
  }
}
