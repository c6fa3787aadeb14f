import type { Store } from '../storage/store.js';
import { pick, prepared } from '../storage/prepared-query.js';
import type { EventBus } from '../events/event-bus.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../shared/actor.js';
import { hasScope } from '../shared/identity.js';
import { newId } from '../shared/ids.js';
import { iso, type Clock } from '../shared/time.js';
import { ApiError, conflict, notFound } from '../http/api-error.js';
import type { DynamicLeasesTable } from './dynamic-tables.js';
import { fillConnectionUrl, invalidConfig, type DynamicEngines, type EngineRow } from './engines.js';
import { effectiveTtls, type DynamicRoles } from './roles.js';
import { formatDuration, leaseDuration } from './lease-durations.js';
import { generatePassword, generateUsername } from './generated-credentials.js';
import { renderStatement } from './statement-templates.js';
import { TargetError, type PostgresTarget } from './postgres-target.js';

export type LeaseRow = DynamicLeasesTable;

const LEASE_COLUMNS = [
  'id',
  'tenant_id',
  'engine',
  'role',
  'username',
  'status',
  'issued_at',
  'expires_at',
  'max_expires_at',
  'created_by',
  'revoked_at',
  'revocation_attempts',
  'next_attempt_at',
  'last_error',
] as const;
// The statements every creds, renew and revoke runs: compiled once.
const INSERT_LEASE = prepared<LeaseRow>()((db, p) => db.insertInto('dynamic_leases').values(pick(p, LEASE_COLUMNS)));
const SELECT_LEASE = prepared<{ tenant_id: string; id: string }>()((db, p) =>
  db.selectFrom('dynamic_leases').selectAll().where('tenant_id', '=', p.tenant_id).where('id', '=', p.id),
);

/** Leases whose credential may still work at the source: revoking them is outstanding. */
export const LIVE_STATUSES = ['active', 'revocation_failed'] as const;
// The updates of renew and revoke, compiled once too; `returning` tells whether the lease was still
// in the state the update expects (the store's `run` reports rows, not counts, on every engine).
const RENEW_LEASE = prepared<{ id: string; expires_at: number }>()((db, p) =>
  db.updateTable('dynamic_leases').set({ expires_at: p.expires_at }).where('id', '=', p.id).where('status', '=', 'active').returning('id'),
);
const END_LEASE = prepared<{ id: string; status: string; revoked_at: number }>()((db, p) =>
  db
    .updateTable('dynamic_leases')
    .set({ status: p.status, revoked_at: p.revoked_at, next_attempt_at: null })
    .where('id', '=', p.id)
    .where('status', 'in', [...LIVE_STATUSES])
    .returning('id'),
);
const FAIL_REVOCATION = prepared<Pick<LeaseRow, 'id' | 'status' | 'revocation_attempts' | 'next_attempt_at' | 'last_error'>>()((db, p) =>
  db
    .updateTable('dynamic_leases')
    .set(pick(p, ['status', 'revocation_attempts', 'next_attempt_at', 'last_error']))
    .where('id', '=', p.id)
    .where('status', 'in', [...LIVE_STATUSES]),
);
export const LEASE_STATUSES = ['active', 'revoked', 'expired', 'revocation_failed'] as const;
/** Retry delays after a failed revocation: 1 s doubling to at most 5 min, for as long as it takes. */
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 300_000;

export function retryDelay(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

/** Who may see and act on a lease: `dynamic:manage` every lease of the tenant, anyone else their own. */
export function managesLeases(actor: Actor): boolean {
  return hasScope(actor.identity, 'dynamic:manage');
}

/**
 * A failure at the database, as the API reports it: a statement the database rejects for its
 * syntax or privileges is the role's configuration (`400 invalid_config`); anything else — the
 * database unreachable, the login refused, a transient error — is `502 backend_error`.
 */
function backendError(error: unknown, engine: string, doing: string): ApiError {
  if (!(error instanceof TargetError)) return error instanceof ApiError ? error : new ApiError(502, 'backend_error', `${doing} failed`);
  if (!error.connecting && error.sqlState?.startsWith('42'))
    return invalidConfig(`the database of engine '${engine}' refused ${doing}: ${error.message}`, { engine, sql_state: error.sqlState });
  return new ApiError(502, 'backend_error', `the database of engine '${engine}' failed ${doing}: ${error.message}`, {
    engine,
    ...(error.sqlState ? { sql_state: error.sqlState } : {}),
  });
}

export interface LeaseFilter {
  engine?: string | undefined;
  role?: string | undefined;
  /** `live` (the default: active and revocation_failed), `all`, or one status. */
  status?: string | undefined;
  createdBy?: string | undefined;
}

/**
 * Leases: a generated login at the database, its expiry, renewal and revocation. The password is
 * returned once, by `generate`, and kept nowhere — not in the lease, the events, the audit log or
 * any error message.
 */
export class DynamicLeases {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly engines: DynamicEngines,
    private readonly roles: DynamicRoles,
    private readonly target: PostgresTarget,
    private readonly events: EventBus,
    private readonly audit: AuditLog,
  ) {}

  /** `POST …/creds/{role}`: creates the login in one transaction at the database, then records its lease. */
  async generate(actor: Actor, engineName: string, roleName: string, ttlText: string | undefined): Promise<Record<string, unknown>> {
    const engine = await this.engines.row(actor.tenantId, engineName);
    const role = await this.roles.row(engine, roleName);
    const { defaultMs, maxMs } = effectiveTtls(engine, role);
    const ttlMs = ttlText === undefined ? defaultMs : leaseDuration(ttlText, 'ttl');
    if (ttlMs > maxMs)
      throw new ApiError(
        400,
        'invalid_duration',
        `ttl ${ttlText} is longer than the max_ttl of role '${roleName}' (${formatDuration(maxMs)})`,
        {
          field: 'ttl',
          value: ttlText,
          max_ttl: formatDuration(maxMs),
        },
      );
    const address = await this.engines.address(engine, actor.requestId);
    const username = generateUsername(role.name);
    const password = generatePassword();
    const issuedAt = this.clock();
    const expiresAt = issuedAt + ttlMs;
    const escaping = await this.target.escaping();
    const values = { name: username, password, expiration: iso(expiresAt) };
    const statements = this.roles.statements(role).creation.map((template) => renderStatement(template, values, escaping));
    try {
      await this.target.runInTransaction(address, statements, [password]);
    } catch (error) {
      throw backendError(error, engine.name, 'the creation statements');
    }
    const row: LeaseRow = {
      id: newId('lease'),
      tenant_id: actor.tenantId,
      engine: engine.name,
      role: role.name,
      username,
      status: 'active',
      issued_at: issuedAt,
      expires_at: expiresAt,
      max_expires_at: issuedAt + maxMs,
      created_by: actor.identity.id,
      revoked_at: null,
      revocation_attempts: 0,
      next_attempt_at: null,
      last_error: null,
    };
    try {
      await this.store.transaction(async () => {
        await this.store.run(INSERT_LEASE, row);
        await this.events.emit(actor, { type: 'lease.granted', data: this.eventData(row) });
      });
    } catch (error) {
      // No lease means nothing would ever revoke the login: take it back now.
      await this.revokeAtSource(row).catch(() => undefined);
      throw error;
    }
    return {
      ...this.view(row),
      data: { username, password, connection_url: fillConnectionUrl(engine.connection_url, { username, password }) },
    };
  }

  async list(tenantId: string, filter: LeaseFilter, after: string | undefined, limit: number): Promise<LeaseRow[]> {
    let query = this.store.db.selectFrom('dynamic_leases').selectAll().where('tenant_id', '=', tenantId);
    if (filter.engine !== undefined) query = query.where('engine', '=', filter.engine);
    if (filter.role !== undefined) query = query.where('role', '=', filter.role);
    if (filter.createdBy !== undefined) query = query.where('created_by', '=', filter.createdBy);
    const status = filter.status ?? 'live';
    if (status === 'live') query = query.where('status', 'in', [...LIVE_STATUSES]);
    else if (status !== 'all') query = query.where('status', '=', status);
    if (after !== undefined) query = query.where('id', '>', after);
    return query
      .orderBy('id')
      .limit(limit + 1)
      .execute();
  }

  /** One lease of the tenant, as `actor` may see it (another identity's lease is not found without `dynamic:manage`). */
  async row(actor: Actor, id: string): Promise<LeaseRow> {
    const [row] = await this.store.run(SELECT_LEASE, { tenant_id: actor.tenantId, id });
    if (!row || (!managesLeases(actor) && row.created_by !== actor.identity.id))
      throw notFound('lease_not_found', `Lease '${id}' not found`, { lease_id: id });
    return row;
  }

  /** Extends an active lease from now by `ttl` (default: the role's TTL), cut at its `max_expires_at`. */
  async renew(actor: Actor, id: string, ttlText: string | undefined): Promise<LeaseRow> {
    const row = await this.row(actor, id);
    const now = this.clock();
    this.requireActive(row, now, 'renewed');
    const engine = await this.engines.row(row.tenant_id, row.engine);
    const role = await this.roles.row(engine, row.role);
    const incrementMs = ttlText === undefined ? effectiveTtls(engine, role).defaultMs : leaseDuration(ttlText, 'ttl');
    const expiresAt = Math.min(now + incrementMs, row.max_expires_at);
    const address = await this.engines.address(engine, actor.requestId);
    const escaping = await this.target.escaping();
    const values = { name: row.username, password: '', expiration: iso(expiresAt) };
    try {
      await this.target.runInTransaction(
        address,
        this.roles.statements(role).renew.map((template) => renderStatement(template, values, escaping)),
      );
    } catch (error) {
      throw backendError(error, engine.name, 'the renew statements');
    }
    const renewed: LeaseRow = { ...row, expires_at: expiresAt };
    await this.store.transaction(async () => {
      const updated = await this.store.run(RENEW_LEASE, { id, expires_at: expiresAt });
      if (updated.length === 0) throw conflict('invalid_state', `Lease '${id}' was revoked while it was being renewed`, { lease_id: id });
      await this.events.emit(actor, { type: 'lease.renewed', data: this.eventData(renewed) });
    });
    return renewed;
  }

  /**
   * Revokes at the source now. A failure keeps the lease (`revocation_failed`) for the reaper to
   * retry and answers `502 backend_error`; it is never dropped.
   */
  async revoke(actor: Actor, id: string): Promise<LeaseRow> {
    const row = await this.row(actor, id);
    if (!(LIVE_STATUSES as readonly string[]).includes(row.status))
      throw conflict('invalid_state', `Lease '${id}' is already ${row.status}`, { lease_id: id, status: row.status });
    const outcome = await this.finishRevocation(actor, row, 'revoked');
    if (outcome.error) throw outcome.error;
    return outcome.row;
  }

  /** Revokes every live lease matching the filter (`--engine`, `--prefix engine/role`), one after another. */
  async revokeMatching(actor: Actor, filter: { engine?: string | undefined; role?: string | undefined; prefix?: string | undefined }) {
    const rows = await this.liveRows(actor.tenantId, filter.engine, filter.role);
    const chosen = rows.filter(
      (row) =>
        (managesLeases(actor) || row.created_by === actor.identity.id) &&
        (filter.prefix === undefined || `${row.engine}/${row.role}/${row.id}`.startsWith(filter.prefix)),
    );
    const revoked: LeaseRow[] = [];
    const failed: { lease_id: string; error: { code: string; message: string } }[] = [];
    for (const row of chosen) {
      const outcome = await this.finishRevocation(actor, row, 'revoked');
      if (outcome.error) failed.push({ lease_id: row.id, error: { code: outcome.error.code, message: outcome.error.message } });
      else revoked.push(outcome.row);
    }
    return { revoked, failed };
  }

  /** Every live lease of an engine (or one of its roles), for delete --force and incident response. */
  liveRows(tenantId: string, engine: string | undefined, role?: string): Promise<LeaseRow[]> {
    let query = this.store.db
      .selectFrom('dynamic_leases')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('status', 'in', [...LIVE_STATUSES]);
    if (engine !== undefined) query = query.where('engine', '=', engine);
    if (role !== undefined) query = query.where('role', '=', role);
    return query.orderBy('id').execute();
  }

  /** Leases the reaper must revoke now: expired ones, and failed revocations whose retry is due. */
  due(now: number, limit: number): Promise<LeaseRow[]> {
    return this.store.db
      .selectFrom('dynamic_leases')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'active'), eb('expires_at', '<=', now)]),
          eb.and([eb('status', '=', 'revocation_failed'), eb('next_attempt_at', '<=', now)]),
        ]),
      )
      .orderBy('expires_at')
      .limit(limit)
      .execute();
  }

  /**
   * Revokes at the source and records the outcome: `revoked` / `expired` with its event, or
   * `revocation_failed` with the next attempt, an event and an audit entry. Only a lease still
   * live is changed, so a revoke racing the reaper reports once.
   */
  async finishRevocation(actor: Actor, row: LeaseRow, status: 'revoked' | 'expired'): Promise<{ row: LeaseRow; error?: ApiError }> {
    const failure = await this.revokeAtSource(row).then(
      () => undefined,
      (error: unknown) => backendError(error, row.engine, 'the revocation statements'),
    );
    const now = this.clock();
    if (!failure) {
      const done: LeaseRow = { ...row, status, revoked_at: now, next_attempt_at: null };
      await this.store.transaction(async () => {
        const updated = await this.store.run(END_LEASE, { id: row.id, status, revoked_at: now });
        if (updated.length > 0)
          await this.events.emit(actor, { type: status === 'expired' ? 'lease.expired' : 'lease.revoked', data: this.eventData(done) });
      });
      return { row: done };
    }
    const attempts = row.revocation_attempts + 1;
    const failed: LeaseRow = {
      ...row,
      status: 'revocation_failed',
      revocation_attempts: attempts,
      next_attempt_at: now + retryDelay(attempts),
      last_error: failure.message.slice(0, 1000),
    };
    await this.store.transaction(async () => {
      await this.store.run(FAIL_REVOCATION, failed);
      await this.events.emit(actor, {
        type: 'lease.revocation_failed',
        data: {
          ...this.eventData(failed),
          attempts,
          next_attempt_at: iso(failed.next_attempt_at),
          error: { code: failure.code, message: failure.message },
        },
      });
    });
    return {
      row: failed,
      error: new ApiError(
        failure.status,
        failure.code,
        `${failure.message}; the lease is kept and its revocation retried`,
        failure.details,
      ),
    };
  }

  /** Audits a revocation the reaper made (a request's revocation is audited by the request itself). */
  auditReaped(actor: Actor, row: LeaseRow, startedAt: number, error: ApiError | undefined): void {
    this.audit.record({
      tenantId: row.tenant_id,
      timestamp: this.clock(),
      action: 'dynamic_revoke',
      identityType: 'service_account',
      identityId: actor.identity.id,
      secretPath: null,
      sourceIp: null,
      userAgent: null,
      success: error === undefined,
      durationMs: Math.max(0, this.clock() - startedAt),
      requestId: actor.requestId,
      extra: {
        lease_id: row.id,
        engine: row.engine,
        role: row.role,
        reason: 'expired',
        ...(error ? { error: { code: error.code, message: error.message } } : {}),
      },
    });
  }

  view(row: LeaseRow): Record<string, unknown> {
    const remainingMs = row.status === 'active' ? Math.max(0, row.expires_at - this.clock()) : 0;
    return {
      lease_id: row.id,
      engine: row.engine,
      role: row.role,
      username: row.username,
      status: row.status,
      ttl: formatDuration(remainingMs),
      lease_duration: Math.round(remainingMs / 1000),
      renewable: row.status === 'active' && row.expires_at < row.max_expires_at,
      issued_at: iso(row.issued_at),
      expires_at: iso(row.expires_at),
      max_expires_at: iso(row.max_expires_at),
      revoked_at: iso(row.revoked_at),
      revocation_attempts: row.revocation_attempts,
      next_attempt_at: iso(row.next_attempt_at),
      last_error: row.last_error,
      created_by: row.created_by,
    };
  }

  private requireActive(row: LeaseRow, now: number, verb: string): void {
    if (row.status !== 'active' || row.expires_at <= now) {
      const status = row.status === 'active' ? 'expired' : row.status;
      throw conflict('invalid_state', `Lease '${row.id}' is ${status} and cannot be ${verb}`, { lease_id: row.id, status });
    }
  }

  /**
   * Ends the login: its open sessions, then the revocation statements in one transaction, then any
   * session that logged in meanwhile. A statement failing because the role is already gone counts
   * as done — retrying could never succeed.
   */
  private async revokeAtSource(row: LeaseRow): Promise<void> {
    const engine: EngineRow = await this.engines.row(row.tenant_id, row.engine);
    const role = await this.roles.row(engine, row.role);
    const address = await this.engines.address(engine, `req_reaper_${row.id}`);
    const escaping = await this.target.escaping();
    const values = { name: row.username, password: '', expiration: iso(row.expires_at) };
    const statements = this.roles.statements(role).revocation.map((template) => renderStatement(template, values, escaping));
    try {
      await this.target.revokeLogin(address, row.username, statements);
    } catch (error) {
      if (error instanceof TargetError && !error.connecting && !(await this.target.roleExists(address, row.username))) {
        // The role is gone already; a session opened before may still be running.
        await this.target.terminateSessions(address, row.username);
        return;
      }
      throw error;
    }
  }

  private eventData(row: LeaseRow): Record<string, unknown> {
    return {
      lease_id: row.id,
      engine: row.engine,
      role: row.role,
      username: row.username,
      status: row.status,
      expires_at: iso(row.expires_at),
    };
  }
}
