import type { Store } from '../storage/store.js';
import type { Clock } from '../shared/time.js';
import { LeaderJob } from '../shared/leader-job.js';
import { newId } from '../shared/ids.js';
import type { IdentityCache, SyncScope } from './identity-cache.js';
import type { IdentitySyncsTable } from './identity-tables.js';
import { ScaiKeyReadError, type ScaiKeyDirectoryClient } from './scaikey-directory-client.js';

/** A run left `running` this long (its server stopped mid-way) is marked failed and may be asked for again. */
const ABANDONED_AFTER_MS = 10 * 60_000;

export function syncView(row: IdentitySyncsTable): Record<string, unknown> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
  return {
    sync_id: row.id,
    status: row.status,
    partner_id: row.partner_id,
    tenant_id: row.tenant_id,
    requested_by: row.requested_by,
    started_at: iso(row.started_at ?? row.created_at),
    completed_at: iso(row.completed_at),
    error: row.error,
    counts: row.counts_json === null ? null : (JSON.parse(row.counts_json) as Record<string, number>),
  };
}

/**
 * Identity sync runs: a request records a `pending` run and wakes the runner; the runner, on the
 * instance that leads `identity-sync` only, claims pending runs one at a time, reads ScaiKey and
 * replaces the cached scope. Servers sharing a database therefore never run one sync twice, and a
 * run asked of a follower is picked up by the leader on its next pass.
 */
export class IdentitySyncs extends LeaderJob {
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly cache: IdentityCache,
    private readonly directory: ScaiKeyDirectoryClient | undefined,
    log: (line: string) => void,
  ) {
    super(store, 'identity-sync', log);
  }

  get configured(): boolean {
    return this.directory !== undefined;
  }

  /** A new pending run for `scope`, or the one already waiting or running for it. */
  async request(scope: SyncScope, requestedBy: string): Promise<IdentitySyncsTable> {
    const partnerId = scope.kind === 'partner' ? scope.partnerId : null;
    const tenantId = scope.kind === 'tenant' ? scope.tenantId : null;
    const row = await this.store.transaction(async () => {
      await this.store.lock('identity-sync-request');
      const open = await this.store.db
        .selectFrom('identity_syncs')
        .selectAll()
        .where('status', 'in', ['pending', 'running'])
        .where((eb) => (partnerId === null ? eb('partner_id', 'is', null) : eb('partner_id', '=', partnerId)))
        .where((eb) => (tenantId === null ? eb('tenant_id', 'is', null) : eb('tenant_id', '=', tenantId)))
        .executeTakeFirst();
      if (open) return open;
      const now = this.clock();
      const created: IdentitySyncsTable = {
        id: newId('isy'),
        status: 'pending',
        partner_id: partnerId,
        tenant_id: tenantId,
        requested_by: requestedBy,
        created_at: now,
        started_at: null,
        completed_at: null,
        error: null,
        counts_json: null,
      };
      await this.store.db.insertInto('identity_syncs').values(created).execute();
      return created;
    });
    void this.tick();
    return row;
  }

  async get(syncId: string): Promise<IdentitySyncsTable | undefined> {
    return this.store.db.selectFrom('identity_syncs').selectAll().where('id', '=', syncId).executeTakeFirst();
  }

  /**
   * The run once it has finished, or as it stands after `waitMs` (a long poll, so a client waiting
   * for a sync asks once instead of on a timer). The row is re-read every 100 ms: the run may be on
   * another instance, so there is no in-process signal to wait on.
   */
  async waitFor(syncId: string, waitMs: number): Promise<IdentitySyncsTable | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const row = await this.get(syncId);
      if (!row || row.status === 'completed' || row.status === 'failed' || Date.now() >= deadline || !this.store.isOpen) return row;
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, Math.max(1, deadline - Date.now()))));
    }
  }

  /** Newest first; a tenant's caller sees only its tenant's runs and full runs. */
  async history(tenantId: string | undefined, page: number, pageSize: number): Promise<{ rows: IdentitySyncsTable[]; total: number }> {
    let query = this.store.db.selectFrom('identity_syncs');
    if (tenantId !== undefined) query = query.where((eb) => eb.or([eb('tenant_id', '=', tenantId), eb('tenant_id', 'is', null)]));
    const { n } = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return { rows, total: Number(n) };
  }

  protected async pass(): Promise<void> {
    const now = this.clock();
    await this.store.db
      .updateTable('identity_syncs')
      .set({ status: 'failed', completed_at: now, error: 'interrupted: the server running it stopped' })
      .where('status', '=', 'running')
      .where('started_at', '<', now - ABANDONED_AFTER_MS)
      .execute();
    for (;;) {
      if (!this.store.isOpen) return;
      const next = await this.store.db
        .selectFrom('identity_syncs')
        .selectAll()
        .where('status', '=', 'pending')
        .orderBy('created_at')
        .orderBy('id')
        .executeTakeFirst();
      if (!next) return;
      const claimed = await this.store.db
        .updateTable('identity_syncs')
        .set({ status: 'running', started_at: this.clock() })
        .where('id', '=', next.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      await this.run(next);
    }
  }

  private async run(row: IdentitySyncsTable): Promise<void> {
    const scope: SyncScope =
      row.tenant_id !== null
        ? { kind: 'tenant', tenantId: row.tenant_id }
        : row.partner_id !== null
          ? { kind: 'partner', partnerId: row.partner_id }
          : { kind: 'full' };
    try {
      if (!this.directory) throw new ScaiKeyReadError('ScaiKey is not configured on this server');
      const snapshot = await this.directory.snapshot(scope);
      await this.cache.replace(scope, snapshot);
      const counts = {
        partners: snapshot.partners.length,
        tenants: snapshot.tenants.length,
        users: snapshot.users.length,
        groups: snapshot.groups.length,
        memberships: snapshot.memberships.length,
      };
      await this.finish(row.id, 'completed', null, counts);
    } catch (error) {
      if (!this.store.isOpen) return;
      // Only ScaiKey's own refusals are worth showing; anything else is logged, and the run says so without detail.
      const message = error instanceof ScaiKeyReadError ? error.message : 'internal error while applying the sync';
      if (!(error instanceof ScaiKeyReadError)) this.log(`identity sync ${row.id}: ${(error as Error).message}`);
      await this.finish(row.id, 'failed', message, null);
    }
  }

  private async finish(
    id: string,
    status: 'completed' | 'failed',
    error: string | null,
    counts: Record<string, number> | null,
  ): Promise<void> {
    await this.store.db
      .updateTable('identity_syncs')
      .set({ status, completed_at: this.clock(), error, counts_json: counts === null ? null : JSON.stringify(counts) })
      .where('id', '=', id)
      .execute();
  }
}
