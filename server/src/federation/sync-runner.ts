import type { Store } from '../storage/store.js';
import type { SecretsService } from '../secrets/secrets-service.js';
import type { AuditLog } from '../audit/audit-log.js';
import { ApiError } from '../http/api-error.js';
import { systemActor, type Actor } from '../shared/actor.js';
import { newId, newRequestId } from '../shared/ids.js';
import { iso, type Clock } from '../shared/time.js';
import { detached } from '../storage/request-audit.js';
import { BackendUnavailable, type RemoteSecret } from './backend-store.js';
import type { BackendConnections } from './backend-connections.js';
import type { BackendRegistry, BackendRow } from './backend-registry.js';
import { parsePathMapping, toLocalPath } from './path-mapping.js';
import type { SyncRow } from './federation-tables.js';

export type { SyncRow };

/** A sync row still `running` after this long lost its server (a crash); another may start. */
export const STALE_SYNC_MS = 15 * 60_000;

type Outcome = 'written' | 'unchanged' | 'conflict';

/** The same JSON value, whatever the order of object keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export const sameValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/**
 * Copies a sync-mode backend into ScaiVault: every backend path under each mapping becomes an
 * ordinary secret (sealed under the master key like any other) at its mapped path, written as
 * `system:federation-sync`. A local secret is replaced only while it is still the version the
 * last sync wrote (`federation_copies`); one changed here (or there before the backend was added)
 * whose value differs from the backend's is a conflict — recorded, listed, never overwritten —
 * until the two sides hold the same value again.
 */
export class SyncRunner {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly registry: BackendRegistry,
    private readonly connections: BackendConnections,
    private readonly secrets: SecretsService,
    private readonly audit: AuditLog,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Starts a sync in the background and answers its row at once; a sync already running for the
   * backend is answered instead of starting a second.
   */
  async start(row: BackendRow, trigger: 'manual' | 'scheduled', actor: Actor): Promise<SyncRow> {
    if (row.mode !== 'sync')
      throw new ApiError(400, 'invalid_request', `Backend '${row.name}' is in proxy mode: there is no local copy to sync`, {
        backend_id: row.id,
        mode: row.mode,
      });
    const current = await this.latest(row.id);
    if (current && current.status === 'running' && (this.running.has(row.id) || this.clock() - current.started_at < STALE_SYNC_MS))
      return current;
    const sync: Omit<SyncRow, 'seq'> = {
      id: newId('sync'),
      tenant_id: row.tenant_id,
      backend_id: row.id,
      status: 'running',
      sync_trigger: trigger,
      started_at: this.clock(),
      completed_at: null,
      secrets_synced: 0,
      conflicts: 0,
      error: null,
    };
    const { seq } = await this.store.db.insertInto('federation_syncs').values(sync).returning('seq').executeTakeFirstOrThrow();
    const started: SyncRow = { ...sync, seq: Number(seq) };
    // Detached: the sync outlives the request that started it and is none of its change.
    const work = detached(() => this.run(row, started, actor).finally(() => this.running.delete(row.id)));
    this.running.set(row.id, work);
    return started;
  }

  /** Waits for the syncs in progress on this server (tests, and a stopping server). */
  async settled(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }

  async latest(backendId: string, status?: string): Promise<SyncRow | undefined> {
    let query = this.store.db.selectFrom('federation_syncs').selectAll().where('backend_id', '=', backendId);
    if (status !== undefined) query = query.where('status', '=', status);
    return query.orderBy('seq', 'desc').limit(1).executeTakeFirst();
  }

  async openConflicts(backendId: string): Promise<number> {
    const { n } = await this.store.db
      .selectFrom('federation_conflicts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('backend_id', '=', backendId)
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  async conflicts(backendId: string, after: string | undefined, limit: number) {
    let query = this.store.db.selectFrom('federation_conflicts').selectAll().where('backend_id', '=', backendId);
    if (after !== undefined) query = query.where('path', '>', after);
    return query
      .orderBy('path')
      .limit(limit + 1)
      .execute();
  }

  view(sync: SyncRow): Record<string, unknown> {
    return {
      sync_id: sync.id,
      backend_id: sync.backend_id,
      status: sync.status,
      trigger: sync.sync_trigger,
      started_at: iso(sync.started_at),
      completed_at: iso(sync.completed_at),
      duration_ms: sync.completed_at === null ? null : sync.completed_at - sync.started_at,
      secrets_synced: sync.secrets_synced,
      conflicts: sync.conflicts,
      error: sync.error,
    };
  }

  /** Notes the local version a write-through wrote, so the next sync sees the two sides agree. */
  async noteLocalWrite(row: BackendRow, path: string, version: number): Promise<void> {
    await this.saveCopy(row, path, version, null);
    await this.clearConflict(row.id, path);
  }

  private async run(row: BackendRow, sync: SyncRow, actor: Actor): Promise<void> {
    const writer = systemActor(row.tenant_id, 'federation-sync', newRequestId());
    let error: string | null = null;
    try {
      for (const rule of parsePathMapping(JSON.parse(row.path_mapping) as Record<string, string>)) {
        const backendPaths = rule.wildcard ? await this.connections.use(row, (store) => store.list(rule.remotePrefix)) : [rule.template];
        for (const backendPath of backendPaths) {
          if (!this.store.isOpen) return;
          const path = toLocalPath(rule, backendPath);
          if (path === undefined) continue;
          const remote = await this.connections.use(row, (store) => store.read(backendPath));
          if (remote === undefined) continue;
          const outcome = await this.reconcile(row, writer, path, backendPath, remote);
          if (outcome === 'conflict') sync.conflicts++;
          else sync.secrets_synced++;
        }
      }
    } catch (failure) {
      if (!this.store.isOpen) return;
      if (!(failure instanceof BackendUnavailable)) this.log(`federation sync ${row.id}: ${(failure as Error).message}`);
      error = failure instanceof BackendUnavailable || failure instanceof ApiError ? failure.message : 'internal error';
    }
    if (!this.store.isOpen) return;
    sync.status = error === null ? 'completed' : 'failed';
    sync.error = error;
    sync.completed_at = this.clock();
    await this.store.db
      .updateTable('federation_syncs')
      .set({ status: sync.status, error, completed_at: sync.completed_at, secrets_synced: sync.secrets_synced, conflicts: sync.conflicts })
      .where('id', '=', sync.id)
      .execute();
    this.audit.record({
      tenantId: row.tenant_id,
      timestamp: sync.completed_at,
      action: 'federation_sync',
      identityType: actor.identity.type,
      identityId: actor.identity.id,
      secretPath: null,
      sourceIp: null,
      userAgent: null,
      success: error === null,
      durationMs: sync.completed_at - sync.started_at,
      requestId: actor.requestId,
      extra: {
        backend_id: row.id,
        sync_id: sync.id,
        trigger: sync.sync_trigger,
        secrets_synced: sync.secrets_synced,
        conflicts: sync.conflicts,
        ...(error ? { error } : {}),
      },
    });
  }

  private async reconcile(row: BackendRow, writer: Actor, path: string, backendPath: string, remote: RemoteSecret): Promise<Outcome> {
    const remoteVersion = remote.version === null ? null : JSON.stringify(remote.version);
    const local = await this.localValue(row.tenant_id, path);
    const copy = await this.store.db
      .selectFrom('federation_copies')
      .selectAll()
      .where('tenant_id', '=', row.tenant_id)
      .where('path', '=', path)
      .executeTakeFirst();
    if (local !== undefined && sameValue(local.data, remote.data)) {
      await this.saveCopy(row, path, local.version, remoteVersion);
      await this.clearConflict(row.id, path);
      return 'unchanged';
    }
    // Replaced only when nobody changed it here since this backend's last copy of it.
    const untouched = local === undefined || (copy?.backend_id === row.id && copy.local_version === local.version);
    if (untouched) {
      try {
        const written = await this.secrets.write(writer, path, {
          data: remote.data,
          local: true,
          ...(local === undefined ? {} : { ifVersion: local.version }),
        });
        await this.saveCopy(row, path, written.newVersion, remoteVersion);
        await this.clearConflict(row.id, path);
        return 'written';
      } catch (error) {
        // Changed here between the read and the write, or soft-deleted: both sides hold something else.
        if (!(error instanceof ApiError && error.status === 409)) throw error;
      }
    }
    await this.store.db
      .insertInto('federation_conflicts')
      .values({
        tenant_id: row.tenant_id,
        backend_id: row.id,
        path,
        backend_path: backendPath,
        local_version: local?.version ?? 0,
        remote_version: remoteVersion,
        detected_at: this.clock(),
      })
      .onConflict((on) =>
        on.columns(['backend_id', 'path']).doUpdateSet((eb) => ({
          local_version: eb.ref('excluded.local_version'),
          remote_version: eb.ref('excluded.remote_version'),
          backend_path: eb.ref('excluded.backend_path'),
        })),
      )
      .execute();
    return 'conflict';
  }

  private async localValue(tenantId: string, path: string): Promise<{ data: unknown; version: number } | undefined> {
    try {
      const secret = await this.secrets.read(tenantId, path);
      return { data: secret.data, version: secret.version as number };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  private async saveCopy(row: BackendRow, path: string, version: number, remoteVersion: string | null): Promise<void> {
    await this.store.db
      .insertInto('federation_copies')
      .values({
        tenant_id: row.tenant_id,
        path,
        backend_id: row.id,
        local_version: version,
        remote_version: remoteVersion,
        synced_at: this.clock(),
      })
      .onConflict((on) =>
        on.columns(['tenant_id', 'path']).doUpdateSet((eb) => ({
          backend_id: eb.ref('excluded.backend_id'),
          local_version: eb.ref('excluded.local_version'),
          remote_version: eb.ref('excluded.remote_version'),
          synced_at: eb.ref('excluded.synced_at'),
        })),
      )
      .execute();
  }

  private async clearConflict(backendId: string, path: string): Promise<void> {
    await this.store.db.deleteFrom('federation_conflicts').where('backend_id', '=', backendId).where('path', '=', path).execute();
  }
}
