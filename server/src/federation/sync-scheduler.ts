import type { Store } from '../storage/store.js';
import { LeaderJob } from '../shared/leader-job.js';
import type { Clock } from '../shared/time.js';
import { newRequestId } from '../shared/ids.js';
import { systemActor } from '../shared/actor.js';
import type { BackendRegistry } from './backend-registry.js';
import type { SyncRunner } from './sync-runner.js';

/**
 * Starts a sync of every sync-mode backend whose last sync (manual or scheduled, finished or
 * failed) began `sync_interval` ago or longer, by the server clock, on the leader only. A backend
 * never synced is synced on the first pass after it is created. The pass only starts syncs; each
 * runs in the background, one per backend at a time.
 */
export class SyncScheduler extends LeaderJob {
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly registry: BackendRegistry,
    private readonly runner: SyncRunner,
    log: (line: string) => void,
  ) {
    super(store, 'federation-sync', log);
  }

  protected async pass(): Promise<void> {
    const now = this.clock();
    for (const row of await this.registry.syncBackends()) {
      if (!this.store.isOpen) return;
      const last = await this.runner.latest(row.id);
      if (last && now - last.started_at < (row.sync_interval_ms ?? Infinity)) continue;
      await this.runner.start(row, 'scheduled', systemActor(row.tenant_id, 'federation-sync', newRequestId()));
    }
  }
}
