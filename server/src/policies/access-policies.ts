import type { Store } from '../storage/store.js';
import { prepared, type PreparedQuery } from '../storage/prepared-query.js';
import { iso, parseTimestamp, type Clock } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { ApiError, conflict, notFound } from '../http/api-error.js';
import type { Actor } from '../shared/actor.js';
import type { EventBus } from '../events/event-bus.js';
import { compileGlob } from './glob.js';
import { validateConditions, type RuleConditions } from './access-conditions.js';
import type { AccessPoliciesTable, PolicyBindingsTable } from './policies-tables.js';

export const PERMISSIONS = ['read', 'write', 'delete', 'list', 'rotate', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];
export const IDENTITY_TYPES = ['user', 'service_account', 'group'] as const;

export interface AccessRule {
  path_pattern: string;
  permissions: Permission[];
  conditions?: RuleConditions;
}

export type PolicyRow = AccessPoliciesTable;

type BindingRow = PolicyBindingsTable;

export interface PolicyChanges {
  name?: string | undefined;
  description?: string | undefined;
  rules?: unknown;
  scope?: 'tenant' | 'partner' | undefined;
  is_active?: boolean | undefined;
}

/**
 * The policies bound to any of `n` identities (the caller and its groups), active, binding not
 * expired. Every access check runs it, so it is prepared once per list length rather than built
 * and compiled on each request; callers have a handful of groups, so few lengths ever occur.
 */
const BOUND_POLICIES = new Map<number, PreparedQuery<Record<string, unknown>, PolicyRow>>();
function boundPoliciesQuery(n: number): PreparedQuery<Record<string, unknown>, PolicyRow> {
  let query = BOUND_POLICIES.get(n);
  if (!query) {
    query = prepared<Record<string, unknown>>()((db, p) =>
      db
        .selectFrom('policy_bindings as b')
        .innerJoin('access_policies as p', 'p.id', 'b.policy_id')
        .selectAll('p')
        .distinct()
        .where('b.tenant_id', '=', p.tenant_id as string)
        .where(
          'b.identity_id',
          'in',
          Array.from({ length: n }, (_, index) => p[`identity_${index}`] as string),
        )
        .where((eb) => eb.or([eb('b.expires_at', 'is', null), eb('b.expires_at', '>', p.at as number)]))
        .where('p.is_active', '=', 1)
        .orderBy('p.id'),
    );
    BOUND_POLICIES.set(n, query);
  }
  return query;
}

/** Validates a `rules` array: every pattern a valid glob, every permission known. */
export function validateRules(value: unknown): AccessRule[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ApiError(400, 'invalid_policy', 'rules must be a non-empty array of {path_pattern, permissions, conditions?}', {
      field: 'rules',
    });
  }
  return value.map((candidate, index) => {
    const where = `rules[${index}]`;
    if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) {
      throw new ApiError(400, 'invalid_policy', `${where} must be an object`, { field: where });
    }
    const rule = candidate as Record<string, unknown>;
    for (const key of Object.keys(rule)) {
      if (!['path_pattern', 'permissions', 'conditions'].includes(key))
        throw new ApiError(400, 'invalid_policy', `${where} has unknown field '${key}'`, { field: `${where}.${key}` });
    }
    compileGlob(rule.path_pattern as string);
    const permissions = rule.permissions;
    if (!Array.isArray(permissions) || permissions.length === 0 || !permissions.every((p) => PERMISSIONS.includes(p as Permission))) {
      throw new ApiError(400, 'invalid_policy', `${where}.permissions must list some of ${PERMISSIONS.join(', ')}`, {
        field: `${where}.permissions`,
      });
    }
    const conditions = validateConditions(rule.conditions, where);
    return {
      path_pattern: rule.path_pattern as string,
      permissions: [...new Set(permissions)] as Permission[],
      ...(conditions ? { conditions } : {}),
    };
  });
}

/** Access-policy storage: CRUD and bindings, with the documented `policy.*` events. */
export class AccessPolicies {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async create(
    actor: Actor,
    spec: { name: string; description?: string | undefined; rules: unknown; scope?: 'tenant' | 'partner' | undefined },
  ): Promise<Record<string, unknown>> {
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
    return this.store.transaction(async () => {
      await this.store.db.insertInto('access_policies').values(row).execute();
      await this.events.emit(actor, { type: 'policy.created', data: { policy_id: row.id, name: row.name, rule_count: rules.length } });
      return this.view(row, true);
    });
  }

  async list(
    tenantId: string,
    options: { scope?: string | undefined; includeInactive: boolean; after?: string | undefined; limit: number },
  ): Promise<PolicyRow[]> {
    let query = this.store.db.selectFrom('access_policies').selectAll().where('tenant_id', '=', tenantId);
    if (options.scope !== undefined) query = query.where('scope', '=', options.scope);
    if (!options.includeInactive) query = query.where('is_active', '=', 1);
    if (options.after !== undefined) query = query.where('id', '>', options.after);
    return query
      .orderBy('id')
      .limit(options.limit + 1)
      .execute();
  }

  async summary(row: PolicyRow): Promise<Record<string, unknown>> {
    const bindings = await this.bindingCount(row.id);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      scope: row.scope,
      rule_count: (JSON.parse(row.rules) as unknown[]).length,
      binding_count: bindings,
      is_active: row.is_active === 1,
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
    };
  }

  async get(tenantId: string, id: string): Promise<Record<string, unknown>> {
    return this.view(await this.row(tenantId, id), true);
  }

  /** PUT replaces rules and metadata (bindings stay); PATCH changes only what is sent. */
  async update(actor: Actor, id: string, changes: PolicyChanges, replace: boolean): Promise<Record<string, unknown>> {
    return this.store.transaction(async () => {
      const row = await this.row(actor.tenantId, id);
      const next: PolicyRow = {
        ...row,
        name: changes.name ?? row.name,
        description: replace ? (changes.description ?? null) : (changes.description ?? row.description),
        rules: changes.rules !== undefined ? JSON.stringify(validateRules(changes.rules)) : row.rules,
        scope: changes.scope ?? (replace ? 'tenant' : row.scope),
        is_active: changes.is_active === undefined ? row.is_active : changes.is_active ? 1 : 0,
        updated_at: this.clock(),
      };
      await this.store.db
        .updateTable('access_policies')
        .set({
          name: next.name,
          description: next.description,
          rules: next.rules,
          scope: next.scope,
          is_active: next.is_active,
          updated_at: next.updated_at,
        })
        .where('id', '=', id)
        .execute();
      await this.events.emit(actor, { type: 'policy.updated', data: { policy_id: id, name: next.name } });
      return this.view(next, true);
    });
  }

  async delete(actor: Actor, id: string, force: boolean): Promise<void> {
    await this.store.transaction(async () => {
      const row = await this.row(actor.tenantId, id);
      const bindings = await this.bindingCount(id);
      if (bindings > 0 && !force) {
        throw conflict('policy_in_use', `Policy '${id}' still has ${bindings} binding(s); remove them or pass ?force=true`, {
          policy_id: id,
          binding_count: bindings,
        });
      }
      await this.store.db.deleteFrom('access_policies').where('id', '=', id).execute();
      await this.events.emit(actor, { type: 'policy.deleted', data: { policy_id: id, name: row.name } });
    });
  }

  async listBindings(tenantId: string, policyId: string): Promise<Record<string, unknown>[]> {
    await this.row(tenantId, policyId);
    const rows = await this.bindingsOf(policyId);
    return rows.map((row) => this.bindingView(row));
  }

  async bind(
    actor: Actor,
    policyId: string,
    spec: { identity_type: string; identity_id: string; expires_at?: string | undefined },
  ): Promise<Record<string, unknown>> {
    let expiresAt: number | null = null;
    if (spec.expires_at !== undefined) {
      const parsed = parseTimestamp(spec.expires_at);
      if (parsed === undefined)
        throw new ApiError(422, 'validation_error', 'expires_at must be an RFC 3339 timestamp', {
          fields: { expires_at: 'RFC 3339 timestamp' },
        });
      expiresAt = parsed;
    }
    return this.store.transaction(async () => {
      await this.row(actor.tenantId, policyId);
      const row: BindingRow = {
        id: newId('bnd'),
        policy_id: policyId,
        tenant_id: actor.tenantId,
        identity_type: spec.identity_type,
        identity_id: spec.identity_id,
        expires_at: expiresAt,
        created_at: this.clock(),
      };
      await this.store.db.insertInto('policy_bindings').values(row).execute();
      await this.events.emit(actor, {
        type: 'policy.binding.created',
        data: { policy_id: policyId, binding_id: row.id, identity_type: row.identity_type, identity_id: row.identity_id },
      });
      return this.bindingView(row);
    });
  }

  async unbind(actor: Actor, policyId: string, bindingId: string): Promise<void> {
    await this.store.transaction(async () => {
      await this.row(actor.tenantId, policyId);
      const row = await this.store.db
        .selectFrom('policy_bindings')
        .selectAll()
        .where('policy_id', '=', policyId)
        .where('id', '=', bindingId)
        .executeTakeFirst();
      if (!row)
        throw notFound('binding_not_found', `Binding '${bindingId}' not found on policy '${policyId}'`, {
          policy_id: policyId,
          binding_id: bindingId,
        });
      await this.store.db.deleteFrom('policy_bindings').where('id', '=', bindingId).execute();
      await this.events.emit(actor, {
        type: 'policy.binding.deleted',
        data: { policy_id: policyId, binding_id: bindingId, identity_type: row.identity_type, identity_id: row.identity_id },
      });
    });
  }

  /** The active policies bound (directly, or through a group, and not expired) to any of `identityIds`. */
  async boundPolicies(tenantId: string, identityIds: string[], at: number): Promise<PolicyRow[]> {
    const params: Record<string, unknown> = { tenant_id: tenantId, at };
    identityIds.forEach((id, index) => (params[`identity_${index}`] = id));
    return this.store.run(boundPoliciesQuery(identityIds.length), params);
  }

  private async bindingCount(policyId: string): Promise<number> {
    const { n } = await this.store.db
      .selectFrom('policy_bindings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('policy_id', '=', policyId)
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  private bindingsOf(policyId: string): Promise<BindingRow[]> {
    return this.store.db
      .selectFrom('policy_bindings')
      .selectAll()
      .where('policy_id', '=', policyId)
      .orderBy('created_at')
      .orderBy(this.store.insertionOrder())
      .execute();
  }

  private async row(tenantId: string, id: string): Promise<PolicyRow> {
    const row = await this.store.db
      .selectFrom('access_policies')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('policy_not_found', `Policy '${id}' not found`, { policy_id: id });
    return row;
  }

  private async view(row: PolicyRow, withBindings: boolean): Promise<Record<string, unknown>> {
    const bindings = withBindings ? await this.bindingsOf(row.id) : [];
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
