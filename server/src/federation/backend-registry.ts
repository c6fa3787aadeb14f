import type { Store } from '../storage/store.js';
import type { Actor } from '../shared/actor.js';
import { iso, type Clock } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { conflict, notFound } from '../http/api-error.js';
import type { FederationBackendsTable } from './federation-tables.js';
import { parsePathMapping, rulesOverlap, type PathRule } from './path-mapping.js';
import type { BackendSpec, BackendType, BackendMode } from './backend-spec.js';

export type BackendRow = FederationBackendsTable;

/** A backend with its parsed mapping, as reads and claims use it. */
export interface Backend {
  row: BackendRow;
  rules: PathRule[];
}

/**
 * How long a server trusts its cached list of a tenant's backends. A change made through this
 * server is seen at once; one made through another instance on the same database within this time.
 */
export const BACKEND_CACHE_MS = 2000;

/** The stored backends of each tenant, and the in-memory list every secret read consults. */
export class BackendRegistry {
  private readonly cache = new Map<string, { at: number; backends: Promise<Backend[]> }>();
  /** The last connection outcome this server wrote per backend. */
  private readonly noted = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, spec: BackendSpec): Promise<BackendRow> {
    const taken = await this.store.db
      .selectFrom('federation_backends')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('name', '=', spec.name)
      .executeTakeFirst();
    if (taken) throw conflict('backend_exists', `A backend named '${spec.name}' already exists`, { name: spec.name });
    await this.requireNoOverlap(actor.tenantId, spec.rules, undefined);
    const now = this.clock();
    const row: BackendRow = {
      id: newId('fed'),
      tenant_id: actor.tenantId,
      name: spec.name,
      backend_type: spec.type,
      mode: spec.mode,
      config: JSON.stringify(spec.config),
      path_mapping: JSON.stringify(spec.pathMapping),
      sync_interval: spec.syncInterval,
      sync_interval_ms: spec.syncIntervalMs,
      write_through: spec.writeThrough ? 1 : 0,
      connection_status: 'unknown',
      connection_checked_at: null,
      connection_error: null,
      created_at: now,
      created_by: actor.identity.id,
      updated_at: now,
    };
    try {
      await this.store.db.insertInto('federation_backends').values(row).execute();
    } catch (error) {
      if (this.store.isUniqueViolation(error))
        throw conflict('backend_exists', `A backend named '${spec.name}' already exists`, { name: spec.name });
      throw error;
    }
    this.cache.delete(actor.tenantId);
    return row;
  }

  async update(tenantId: string, id: string, spec: BackendSpec): Promise<BackendRow> {
    await this.requireNoOverlap(tenantId, spec.rules, id);
    await this.store.db
      .updateTable('federation_backends')
      .set({
        mode: spec.mode,
        config: JSON.stringify(spec.config),
        path_mapping: JSON.stringify(spec.pathMapping),
        sync_interval: spec.syncInterval,
        sync_interval_ms: spec.syncIntervalMs,
        write_through: spec.writeThrough ? 1 : 0,
        updated_at: this.clock(),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
    this.cache.delete(tenantId);
    return this.row(tenantId, id);
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.row(tenantId, id);
    await this.store.transaction(async () => {
      await this.store.db.deleteFrom('federation_conflicts').where('backend_id', '=', id).execute();
      await this.store.db.deleteFrom('federation_copies').where('backend_id', '=', id).execute();
      await this.store.db.deleteFrom('federation_syncs').where('backend_id', '=', id).execute();
      await this.store.db.deleteFrom('federation_backends').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    });
    this.cache.delete(tenantId);
    this.noted.delete(id);
  }

  async list(tenantId: string, after: string | undefined, limit: number): Promise<BackendRow[]> {
    let query = this.store.db.selectFrom('federation_backends').selectAll().where('tenant_id', '=', tenantId);
    if (after !== undefined) query = query.where('name', '>', after);
    return query
      .orderBy('name')
      .limit(limit + 1)
      .execute();
  }

  /** A backend by id (or, for the CLI's convenience, by name). */
  async row(tenantId: string, idOrName: string): Promise<BackendRow> {
    const row = await this.store.db
      .selectFrom('federation_backends')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .executeTakeFirst();
    if (!row) throw notFound('federation_backend_not_found', `Federation backend '${idOrName}' not found`, { id: idOrName });
    return row;
  }

  /** Every sync-mode backend across tenants: the scheduler's input. */
  async syncBackends(): Promise<BackendRow[]> {
    return this.store.db.selectFrom('federation_backends').selectAll().where('mode', '=', 'sync').orderBy('id').execute();
  }

  /** The tenant's backends with their mappings, from the cache when it is fresh. */
  async backends(tenantId: string): Promise<Backend[]> {
    const now = this.clock();
    const cached = this.cache.get(tenantId);
    if (cached && now - cached.at < BACKEND_CACHE_MS) return cached.backends;
    const backends = this.store.db
      .selectFrom('federation_backends')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute()
      .then((rows) => rows.map((row) => ({ row, rules: parsePathMapping(JSON.parse(row.path_mapping) as Record<string, string>) })));
    this.cache.set(tenantId, { at: now, backends });
    backends.catch(() => this.cache.delete(tenantId));
    return backends;
  }

  /**
   * Records the outcome of a contact with the backend. Written only when it differs from the last outcome this
   * server noted for the backend (a read path must not write on every read), unless `always` (an explicit check);
   * the row objects handed out may be cached copies, so the comparison is against this server's own note.
   */
  async noteConnection(row: BackendRow, status: string, error: string | null, always = false): Promise<void> {
    const note = `${status}\u0000${error ?? ''}`;
    row.connection_status = status;
    row.connection_error = error;
    if (!always && this.noted.get(row.id) === note) return;
    this.noted.set(row.id, note);
    const at = this.clock();
    row.connection_checked_at = at;
    await this.store.db
      .updateTable('federation_backends')
      .set({ connection_status: status, connection_error: error, connection_checked_at: at })
      .where('id', '=', row.id)
      .execute();
  }

  view(row: BackendRow, lastSync: number | null): Record<string, unknown> {
    return {
      id: row.id,
      name: row.name,
      type: row.backend_type as BackendType,
      mode: row.mode as BackendMode,
      config: JSON.parse(row.config) as Record<string, unknown>,
      path_mapping: JSON.parse(row.path_mapping) as Record<string, string>,
      sync_interval: row.sync_interval,
      write_through: row.write_through === 1,
      status: connectionHealth(row.connection_status),
      last_sync: iso(lastSync),
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
    };
  }

  /** Two backends mapping one ScaiVault path would make every read of it ambiguous. */
  private async requireNoOverlap(tenantId: string, rules: PathRule[], exceptId: string | undefined): Promise<void> {
    this.cache.delete(tenantId);
    for (const other of await this.backends(tenantId)) {
      if (other.row.id === exceptId) continue;
      for (const rule of rules)
        for (const theirs of other.rules)
          if (rulesOverlap(rule, theirs))
            throw conflict(
              'path_mapping_overlap',
              `path_mapping '${rule.pattern}' overlaps '${theirs.pattern}' of backend '${other.row.name}'`,
              {
                path_pattern: rule.pattern,
                backend_id: other.row.id,
              },
            );
    }
  }
}

/** `status` of a backend from its last contact: `healthy`, `down`, or `unknown` before the first. */
export function connectionHealth(connectionStatus: string): string {
  if (connectionStatus === 'connected') return 'healthy';
  if (connectionStatus === 'unknown') return 'unknown';
  return 'down';
}
