import type { Store } from '../storage/store.js';
import { LeaderJob } from '../shared/leader-job.js';
import type { Clock } from '../shared/time.js';
import { newRequestId } from '../shared/ids.js';
import { systemActor } from '../shared/actor.js';
import type { DynamicLeases } from './leases.js';

/** Leases revoked per pass; the next pass (one interval later) takes the rest. */
const BATCH = 100;

/**
 * Revokes every lease at its expiry, on one server only (leader election through the store),
 * on an unref'd interval timer: a lease is revoked at most one interval (default 1 s) after it
 * expires. The leases live in the database, so a restarted server revokes what fell due while it
 * was down. A failed revocation stays `revocation_failed` and is retried with backoff until it
 * succeeds — a lease is never dropped while its login may still work.
 */
export class LeaseReaper extends LeaderJob {
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly leases: DynamicLeases,
    log: (line: string) => void,
  ) {
    super(store, 'lease-reaper', log);
  }

  protected async pass(): Promise<void> {
    // An engine whose database failed once this pass is left for the next, so it cannot hold up the others.
    const failing = new Set<string>();
    for (const row of await this.leases.due(this.clock(), BATCH)) {
      if (!this.store.isOpen) return;
      const engineKey = `${row.tenant_id}\u0000${row.engine}`;
      if (failing.has(engineKey)) continue;
      const startedAt = this.clock();
      const actor = systemActor(row.tenant_id, 'lease-reaper', newRequestId());
      const status = startedAt >= row.expires_at ? 'expired' : 'revoked';
      const outcome = await this.leases.finishRevocation(actor, row, status);
      this.leases.auditReaped(actor, row, startedAt, outcome.error);
      if (outcome.error) failing.add(engineKey);
      if (outcome.error)
        this.log(`lease reaper: revoking ${row.id} failed (attempt ${outcome.row.revocation_attempts}): ${outcome.error.message}`);
    }
  }
}
