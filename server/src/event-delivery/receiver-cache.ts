import type { Store } from '../storage/store.js';

const CHANNEL = 'event-receivers';

/**
 * One tenant's event receivers (subscriptions or webhooks) as this instance last read them: every
 * emitted event consults them, so they are not read per event. A change through this instance
 * drops that tenant's entry and tells the other instances, which drop all of theirs (they then
 * queue events for receivers created elsewhere as soon as they hear of them).
 */
export class ReceiverCache<T> {
  private readonly byTenant = new Map<string, T[]>();
  /** Bumped on every drop, so a read that started before a change cannot store what it read. */
  private generation = 0;

  constructor(
    private readonly store: Store,
    private readonly read: (tenantId: string) => Promise<T[]>,
  ) {
    store.onAnnouncement(CHANNEL, () => this.dropAll());
  }

  async get(tenantId: string): Promise<T[]> {
    const cached = this.byTenant.get(tenantId);
    if (cached) return cached;
    const generation = this.generation;
    const fresh = await this.read(tenantId);
    if (generation === this.generation) this.byTenant.set(tenantId, fresh);
    return fresh;
  }

  /** After a change to one of `tenantId`'s receivers through this instance. */
  forget(tenantId: string): void {
    this.generation++;
    this.byTenant.delete(tenantId);
    this.store.announce(CHANNEL);
  }

  private dropAll(): void {
    this.generation++;
    this.byTenant.clear();
  }
}
