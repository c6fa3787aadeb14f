import type { Store } from '../storage/store.js';
import { iso, parseTimestamp, type Clock } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { ApiError, conflict, notFound } from '../http/api-error.js';
import type { Actor } from '../shared/actor.js';
import type { EventBus } from '../events/event-bus.js';
import { compileGlob } from './glob.js';
import { validateConditions, type RuleConditions } from './access-conditions.js';

export const PERMISSIONS = ['read', 'write', 'delete', 'list', 'rotate', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];
export const IDENTITY_TYPES = ['user', 'service_account', 'group'] as const;

export interface AccessRule {
  path_pattern: string;
  permissions: Permission[];
  conditions?: RuleConditions;
}

export interface PolicyRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  rules: string;
  scope: string;
  is_active: number;
  created_at: number;
  updated_at: number;
}

interface BindingRow {
  id: string;
  policy_id: string;
  tenant_id: string;
  identity_type: string;
  identity_id: string;
  expires_at: number | null;
  created_at: number;
}

export interface PolicyChanges {
  name?: string | undefined;
  description?: string | undefined;
  rules?: unknown;
  scope?: 'tenant' | 'partner' | undefined;
  is_active?: boolean | undefined;
}

/** Validates a `rules` array: every pattern a valid glob, every permission known. */
export function validateRules(value: unknown): AccessRule[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ApiError(400, 'invalid_policy', 'rules must be a non-empty array of {path_pattern, permissions, conditions?}', { field: 'rules' });
  }
  return value.map((candidate, index) => {
    const where = `rules[${index}]`;
    if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) {
      throw new ApiError(400, 'invalid_policy', `${where} must be an object`, { field: where });
    }
    const rule = candidate as Record<string, unknown>;
    for (const key of Object.keys(rule)) {
      if (!['path_pattern', 'permissions', 'conditions'].includes(key)) throw new ApiError(400, 'invalid_policy', `${where} has unknown field '${key}'`, { field: `${where}.${key}` });
    }
    compileGlob(rule.path_pattern as string);
    const permissions = rule.permissions;
    if (!Array.isArray(permissions) || permissions.length === 0 || !permissions.every((p) => PERMISSIONS.includes(p as Permission))) {
      throw new ApiError(400, 'invalid_policy', `${where}.permissions must list some of ${PERMISSIONS.join(', ')}`, { field: `${where}.permissions` });
    }
    const conditions = validateConditions(rule.conditions, where);
    return { path_pattern: rule.path_pattern as string, permissions: [...new Set(permissions)] as Permission[], ...(conditions ? { conditions } : {}) };
  });
}

/** Access-policy storage: CRUD and bindings, with the documented `policy.*` events. */
export class AccessPolicies {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  create(actor: Actor, spec: { name: string; description?: string | undefined; rules: unknown; scope?: 'tenant' | 'partner' | undefined }): Record<string, unknown> {
    const rules = validateRules(spec.rules);
    const now = this.clock();
    const row: PolicyRow = {
      id: newId('pol'),
      tenant_id: actor.tenantId,
      name: spec.name,
      description: spec.description ?? null,
      rules: JSON.stringify(rules),
      scope: spec.scope ?? 'tenant',
      is_active: 1,
      created_at: now,
      updated_at: now,
    };
    return this.store.transaction(() => {
      this.store
        .prepare(
          `INSERT INTO access_policies (id, tenant_id, name, description, rules, scope, is_active, created_at, updated_at)
           VALUES (@id, @tenant_id, @name, @description, @rules, @scope, @is_active, @created_at, @updated_at)`,
        )
        .run(row);
      this.events.emit(actor, { type: 'policy.created', data: { policy_id: row.id, name: row.name, rule_count: rules.length } });
      return this.view(row, true);
    });
  }

  list(tenantId: string, options: { scope?: string | undefined; includeInactive: boolean; after?: string | undefined; limit: number }): PolicyRow[] {
    return this.store
      .prepare(
        `SELECT * FROM access_policies WHERE tenant_id = @tenant
           AND (@scope IS NULL OR scope = @scope) AND (@inactive = 1 OR is_active = 1) AND (@after IS NULL OR id > @after)
         ORDER BY id LIMIT @limit`,
      )
      .all({ tenant: tenantId, scope: options.scope ?? null, inactive: options.includeInactive ? 1 : 0, after: options.after ?? null, limit: options.limit + 1 }) as PolicyRow[];
  }

  summary(row: PolicyRow): Record<string, unknown> {
    const bindings = this.store.prepare('SELECT count(*) AS n FROM policy_bindings WHERE policy_id = ?').get(row.id) as { n: number };
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      scope: row.scope,
      rule_count: (JSON.parse(row.rules) as unknown[]).length,
      binding_count: bindings.n,
      is_active: row.is_active === 1,
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
    };
  }

  get(tenantId: string, id: string): Record<string, unknown> {
    return this.view(this.row(tenantId, id), true);
  }

  /** PUT replaces rules and metadata (bindings stay); PATCH changes only what is sent. */
  update(actor: Actor, id: string, changes: PolicyChanges, replace: boolean): Record<string, unknown> {
    return this.store.transaction(() => {
      const row = this.row(actor.tenantId, id);
      const next: PolicyRow = {
        ...row,
        name: changes.name ?? row.name,
        description: replace ? (changes.description ?? null) : (changes.description ?? row.description),
        rules: changes.rules !== undefined ? JSON.stringify(validateRules(changes.rules)) : row.rules,
        scope: changes.scope ?? (replace ? 'tenant' : row.scope),
        is_active: changes.is_active === undefined ? row.is_active : changes.is_active ? 1 : 0,
        updated_at: this.clock(),
      };
      this.store
        .prepare('UPDATE access_policies SET name = @name, description = @description, rules = @rules, scope = @scope, is_active = @is_active, updated_at = @updated_at WHERE id = @id')
        .run(next);
      this.events.emit(actor, { type: 'policy.updated', data: { policy_id: id, name: next.name } });
      return this.view(next, true);
    });
  }

  delete(actor: Actor, id: string, force: boolean): void {
    this.store.transaction(() => {
      const row = this.row(actor.tenantId, id);
      const bindings = this.store.prepare('SELECT count(*) AS n FROM policy_bindings WHERE policy_id = ?').get(id) as { n: number };
      if (bindings.n > 0 && !force) {
        throw conflict('policy_in_use', `Policy '${id}' still has ${bindings.n} binding(s); remove them or pass ?force=true`, { policy_id: id, binding_count: bindings.n });
      }
      this.store.prepare('DELETE FROM access_policies WHERE id = ?').run(id);
      this.events.emit(actor, { type: 'policy.deleted', data: { policy_id: id, name: row.name } });
    });
  }

  listBindings(tenantId: string, policyId: string): Record<string, unknown>[] {
    this.row(tenantId, policyId);
    const rows = this.store.prepare('SELECT * FROM policy_bindings WHERE policy_id = ? ORDER BY created_at, rowid').all(policyId) as BindingRow[];
    return rows.map((row) => this.bindingView(row));
  }

  bind(actor: Actor, policyId: string, spec: { identity_type: string; identity_id: string; expires_at?: string | undefined }): Record<string, unknown> {
    let expiresAt: number | null = null;
    if (spec.expires_at !== undefined) {
      const parsed = parseTimestamp(spec.expires_at);
      if (parsed === undefined) throw new ApiError(422, 'validation_error', 'expires_at must be an RFC 3339 timestamp', { fields: { expires_at: 'RFC 3339 timestamp' } });
      expiresAt = parsed;
    }
    return this.store.transaction(() => {
      this.row(actor.tenantId, policyId);
      const row: BindingRow = {
        id: newId('bnd'),
        policy_id: policyId,
        tenant_id: actor.tenantId,
        identity_type: spec.identity_type,
        identity_id: spec.identity_id,
        expires_at: expiresAt,
        created_at: this.clock(),
      };
      this.store
        .prepare(
          `INSERT INTO policy_bindings (id, policy_id, tenant_id, identity_type, identity_id, expires_at, created_at)
           VALUES (@id, @policy_id, @tenant_id, @identity_type, @identity_id, @expires_at, @created_at)`,
        )
        .run(row);
      this.events.emit(actor, { type: 'policy.binding.created', data: { policy_id: policyId, binding_id: row.id, identity_type: row.identity_type, identity_id: row.identity_id } });
      return this.bindingView(row);
    });
  }

  unbind(actor: Actor, policyId: string, bindingId: string): void {
    this.store.transaction(() => {
      this.row(actor.tenantId, policyId);
      const row = this.store.prepare('SELECT * FROM policy_bindings WHERE policy_id = ? AND id = ?').get(policyId, bindingId) as BindingRow | undefined;
      if (!row) throw notFound('binding_not_found', `Binding '${bindingId}' not found on policy '${policyId}'`, { policy_id: policyId, binding_id: bindingId });
      this.store.prepare('DELETE FROM policy_bindings WHERE id = ?').run(bindingId);
      this.events.emit(actor, { type: 'policy.binding.deleted', data: { policy_id: policyId, binding_id: bindingId, identity_type: row.identity_type, identity_id: row.identity_id } });
    });
  }

  /** The active policies bound (directly, or through a group, and not expired) to any of `identityIds`. */
  boundPolicies(tenantId: string, identityIds: string[], at: number): PolicyRow[] {
    const placeholders = identityIds.map(() => '?').join(', ');
    return this.store
      .prepare(
        `SELECT DISTINCT p.* FROM policy_bindings b JOIN access_policies p ON p.id = b.policy_id
          WHERE b.tenant_id = ? AND b.identity_id IN (${placeholders}) AND (b.expires_at IS NULL OR b.expires_at > ?) AND p.is_active = 1
          ORDER BY p.id`,
      )
      .all(tenantId, ...identityIds, at) as PolicyRow[];
  }

  private row(tenantId: string, id: string): PolicyRow {
    const row = this.store.prepare('SELECT * FROM access_policies WHERE tenant_id = ? AND id = ?').get(tenantId, id) as PolicyRow | undefined;
    if (!row) throw notFound('policy_not_found', `Policy '${id}' not found`, { policy_id: id });
    return row;
  }

  private view(row: PolicyRow, withBindings: boolean): Record<string, unknown> {
    const bindings = withBindings ? (this.store.prepare('SELECT * FROM policy_bindings WHERE policy_id = ? ORDER BY created_at, rowid').all(row.id) as BindingRow[]) : [];
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      scope: row.scope,
      rules: JSON.parse(row.rules) as AccessRule[],
      bindings: bindings.map((binding) => this.bindingView(binding)),
      is_active: row.is_active === 1,
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
    };
  }

  private bindingView(row: BindingRow): Record<string, unknown> {
    return {
      id: row.id,
      policy_id: row.policy_id,
      identity_type: row.identity_type,
      identity_id: row.identity_id,
      expires_at: iso(row.expires_at),
      created_at: iso(row.created_at),
    };
  }
}
