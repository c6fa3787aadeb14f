import type { Store } from '../storage/store.js';
import { prepared } from '../storage/prepared-query.js';
import { iso, type Clock } from '../shared/time.js';
import { ApiError, conflict, notFound, validationError } from '../http/api-error.js';
import type { DynamicRolesTable } from './dynamic-tables.js';
import { leaseDuration } from './lease-durations.js';
import { validateStatements } from './statement-templates.js';
import { NAME_PATTERN, type EngineRow } from './engines.js';

export type RoleRow = DynamicRolesTable;

// Every creds, renew and revoke looks its role up: compiled once.
const SELECT_ROLE = prepared<{ tenant_id: string; engine: string; name: string }>()((db, p) =>
  db.selectFrom('dynamic_roles').selectAll().where('tenant_id', '=', p.tenant_id).where('engine', '=', p.engine).where('name', '=', p.name),
);

/**
 * When a role gives no revocation statements: hand what the login owns to the engine's login,
 * revoke what was granted to it, and drop it. The engine's login first makes itself a member of
 * the role, which `REASSIGN OWNED` / `DROP OWNED` need and which a `CREATEROLE` login may do for
 * roles it created; no superuser is needed.
 */
export const DEFAULT_REVOCATION = [
  'GRANT {{name}} TO CURRENT_USER',
  'REASSIGN OWNED BY {{name}} TO CURRENT_USER',
  'DROP OWNED BY {{name}}',
  'DROP ROLE {{name}}',
];
/** When a role gives no renew statements: move the login's `VALID UNTIL` to the new expiry. */
export const DEFAULT_RENEW = ['ALTER ROLE {{name}} VALID UNTIL {{expiration}}'];

export interface RoleSpec {
  name?: string | undefined;
  creation_statements?: string[] | undefined;
  revocation_statements?: string[] | undefined;
  renew_statements?: string[] | undefined;
  default_ttl?: string | null | undefined;
  max_ttl?: string | null | undefined;
}

/** A role's TTLs in force: its own, else the engine's; never more than the engine's `max_ttl`. */
export function effectiveTtls(engine: EngineRow, role: RoleRow): { defaultMs: number; maxMs: number } {
  const maxMs = Math.min(role.max_ttl_ms ?? engine.max_ttl_ms, engine.max_ttl_ms);
  return { defaultMs: Math.min(role.default_ttl_ms ?? engine.default_ttl_ms, maxMs), maxMs };
}

/** Roles: the SQL that makes, renews and drops a generated login, and its TTL limits. */
export class DynamicRoles {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async create(engine: EngineRow, spec: RoleSpec & { name: string; creation_statements: string[] }): Promise<RoleRow> {
    if (!NAME_PATTERN.test(spec.name)) throw validationError({ name: 'letters, digits, ".", "_" and "-", at most 64' });
    const now = this.clock();
    const row: RoleRow = {
      tenant_id: engine.tenant_id,
      engine: engine.name,
      name: spec.name,
      creation_statements: JSON.stringify(spec.creation_statements),
      revocation_statements: JSON.stringify(spec.revocation_statements ?? []),
      renew_statements: JSON.stringify(spec.renew_statements ?? []),
      default_ttl: spec.default_ttl ?? null,
      default_ttl_ms: null,
      max_ttl: spec.max_ttl ?? null,
      max_ttl_ms: null,
      created_at: now,
      updated_at: now,
    };
    this.check(row);
    const taken = () =>
      conflict('role_exists', `Engine '${engine.name}' already has a role named '${spec.name}'`, { engine: engine.name, name: spec.name });
    if (await this.find(engine, spec.name)) throw taken();
    try {
      await this.store.db.insertInto('dynamic_roles').values(row).execute();
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw taken();
      throw error;
    }
    return row;
  }

  async list(engine: EngineRow, after: string | undefined, limit: number): Promise<RoleRow[]> {
    let query = this.store.db
      .selectFrom('dynamic_roles')
      .selectAll()
      .where('tenant_id', '=', engine.tenant_id)
      .where('engine', '=', engine.name);
    if (after !== undefined) query = query.where('name', '>', after);
    return query
      .orderBy('name')
      .limit(limit + 1)
      .execute();
  }

  async row(engine: EngineRow, name: string): Promise<RoleRow> {
    const row = await this.find(engine, name);
    if (!row) throw notFound('role_not_found', `Engine '${engine.name}' has no role '${name}'`, { engine: engine.name, role: name });
    return row;
  }

  private async find(engine: EngineRow, name: string): Promise<RoleRow | undefined> {
    return (await this.store.run(SELECT_ROLE, { tenant_id: engine.tenant_id, engine: engine.name, name }))[0];
  }

  async update(engine: EngineRow, name: string, spec: RoleSpec): Promise<RoleRow> {
    const row = await this.row(engine, name);
    const next: RoleRow = { ...row, updated_at: this.clock() };
    if (spec.creation_statements !== undefined) next.creation_statements = JSON.stringify(spec.creation_statements);
    if (spec.revocation_statements !== undefined) next.revocation_statements = JSON.stringify(spec.revocation_statements);
    if (spec.renew_statements !== undefined) next.renew_statements = JSON.stringify(spec.renew_statements);
    if (spec.default_ttl !== undefined) next.default_ttl = spec.default_ttl;
    if (spec.max_ttl !== undefined) next.max_ttl = spec.max_ttl;
    this.check(next);
    const { tenant_id: _t, engine: _e, name: _n, created_at: _c, ...changes } = next;
    await this.store.db
      .updateTable('dynamic_roles')
      .set(changes)
      .where('tenant_id', '=', row.tenant_id)
      .where('engine', '=', row.engine)
      .where('name', '=', name)
      .execute();
    return next;
  }

  async delete(engine: EngineRow, name: string): Promise<void> {
    await this.store.db
      .deleteFrom('dynamic_roles')
      .where('tenant_id', '=', engine.tenant_id)
      .where('engine', '=', engine.name)
      .where('name', '=', name)
      .execute();
  }

  /** The statements to run, with the documented defaults for the optional lists. */
  statements(row: RoleRow): { creation: string[]; revocation: string[]; renew: string[] } {
    const revocation = JSON.parse(row.revocation_statements) as string[];
    const renew = JSON.parse(row.renew_statements) as string[];
    return {
      creation: JSON.parse(row.creation_statements) as string[],
      revocation: revocation.length > 0 ? revocation : DEFAULT_REVOCATION,
      renew: renew.length > 0 ? renew : DEFAULT_RENEW,
    };
  }

  view(row: RoleRow): Record<string, unknown> {
    return {
      name: row.name,
      engine: row.engine,
      creation_statements: JSON.parse(row.creation_statements) as string[],
      revocation_statements: JSON.parse(row.revocation_statements) as string[],
      renew_statements: JSON.parse(row.renew_statements) as string[],
      default_ttl: row.default_ttl,
      max_ttl: row.max_ttl,
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
    };
  }

  private check(row: RoleRow): void {
    validateStatements('creation_statements', JSON.parse(row.creation_statements) as string[], { requireName: true, allowPassword: true });
    const revocation = JSON.parse(row.revocation_statements) as string[];
    if (revocation.length > 0) validateStatements('revocation_statements', revocation, { requireName: true, allowPassword: false });
    const renew = JSON.parse(row.renew_statements) as string[];
    if (renew.length > 0) validateStatements('renew_statements', renew, { requireName: true, allowPassword: false });
    row.default_ttl_ms = row.default_ttl === null ? null : leaseDuration(row.default_ttl, 'default_ttl');
    row.max_ttl_ms = row.max_ttl === null ? null : leaseDuration(row.max_ttl, 'max_ttl');
    if (row.default_ttl_ms !== null && row.max_ttl_ms !== null && row.default_ttl_ms > row.max_ttl_ms)
      throw new ApiError(400, 'invalid_duration', `default_ttl (${row.default_ttl}) is longer than max_ttl (${row.max_ttl})`, {
        field: 'default_ttl',
        value: row.default_ttl,
      });
  }
}
