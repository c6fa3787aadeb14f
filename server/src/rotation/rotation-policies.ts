import type { Store } from '../storage/store.js';
import type { AssignedSecret, SecretsService } from '../secrets/secrets-service.js';
import type { SecretPolicies } from '../secret-policies/secret-policies.js';
import type { Webhooks } from '../event-delivery/webhooks.js';
import { iso, type Clock } from '../shared/time.js';
import { newId, slugify } from '../shared/ids.js';
import { parseDuration, parseDurationList } from '../shared/durations.js';
import { ApiError, conflict, notFound } from '../http/api-error.js';
import type { Actor } from '../shared/actor.js';
import type { RotationPoliciesTable } from './rotation-tables.js';

export type RotationPolicyRow = RotationPoliciesTable;

export interface RotationPolicySpec {
  name?: string | undefined;
  description?: string | undefined;
  interval?: string | undefined;
  grace_period?: string | undefined;
  warn_before?: unknown;
  auto_generate?: boolean | undefined;
  secret_policy_id?: string | undefined;
  webhook_ids?: string[] | undefined;
}

/** An attached secret with the moment its current value was written (each secret runs its own clock). */
export type { AssignedSecret } from '../secrets/secrets-service.js';

/** The other areas' records a rotation policy refers to. */
export interface RotationLinks {
  secrets: SecretsService;
  secretPolicies: SecretPolicies;
  webhooks: Webhooks;
}

export const HISTORY_STATUSES = ['success', 'failed', 'pending'] as const;

/** Rotation policies (`rot_...`), their secret assignments and history. */
export class RotationPolicies {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly links: RotationLinks,
  ) {}

  async create(actor: Actor, spec: RotationPolicySpec & { name: string; interval: string }): Promise<Record<string, unknown>> {
    const now = this.clock();
    const row: RotationPolicyRow = {
      id: await this.readableId(spec.name),
      tenant_id: actor.tenantId,
      name: spec.name,
      description: spec.description ?? null,
      interval: spec.interval,
      interval_ms: parseDuration(spec.interval, 'interval'),
      grace_period: spec.grace_period ?? '48h',
      grace_period_ms: parseDuration(spec.grace_period ?? '48h', 'grace_period'),
      warn_before: spec.warn_before === undefined ? '' : parseDurationList(spec.warn_before, 'warn_before').text,
      auto_generate: spec.auto_generate ? 1 : 0,
      secret_policy_id: spec.secret_policy_id ?? null,
      webhook_ids: JSON.stringify(spec.webhook_ids ?? []),
      is_active: 1,
      created_at: now,
      updated_at: now,
    };
    await this.checkLinks(actor.tenantId, row);
    try {
      await this.store.db.insertInto('rotation_policies').values(row).execute();
    } catch (error) {
      if (this.store.isUniqueViolation(error))
        throw conflict('rotation_policy_exists', `A rotation policy named '${spec.name}' already exists`, { name: spec.name });
      throw error;
    }
    return this.view(row);
  }

  async list(tenantId: string, activeOnly: boolean, after: string | undefined, limit: number): Promise<Record<string, unknown>[]> {
    let query = this.store.db.selectFrom('rotation_policies').selectAll().where('tenant_id', '=', tenantId);
    if (activeOnly) query = query.where('is_active', '=', 1);
    if (after !== undefined) query = query.where('id', '>', after);
    const rows = await query
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    const views: Record<string, unknown>[] = [];
    for (const row of rows) views.push(await this.view(row));
    return views;
  }

  async get(tenantId: string, id: string): Promise<Record<string, unknown>> {
    return this.view(await this.row(tenantId, id));
  }

  async update(tenantId: string, id: string, spec: RotationPolicySpec & { is_active?: boolean }): Promise<Record<string, unknown>> {
    const row = await this.row(tenantId, id);
    const next: RotationPolicyRow = { ...row, updated_at: this.clock() };
    if (spec.name !== undefined) next.name = spec.name;
    if (spec.description !== undefined) next.description = spec.description;
    if (spec.interval !== undefined) {
      next.interval_ms = parseDuration(spec.interval, 'interval');
      next.interval = spec.interval;
    }
    if (spec.grace_period !== undefined) {
      next.grace_period_ms = parseDuration(spec.grace_period, 'grace_period');
      next.grace_period = spec.grace_period;
    }
    if (spec.warn_before !== undefined) next.warn_before = parseDurationList(spec.warn_before, 'warn_before').text;
    if (spec.auto_generate !== undefined) next.auto_generate = spec.auto_generate ? 1 : 0;
    if (spec.secret_policy_id !== undefined) next.secret_policy_id = spec.secret_policy_id;
    if (spec.webhook_ids !== undefined) next.webhook_ids = JSON.stringify(spec.webhook_ids);
    if (spec.is_active !== undefined) next.is_active = spec.is_active ? 1 : 0;
    await this.checkLinks(tenantId, next);
    const { id: _id, tenant_id: _tenant, created_at: _created, ...changes } = next;
    await this.store.db.updateTable('rotation_policies').set(changes).where('id', '=', id).execute();
    return this.view(next);
  }

  /** Deleting a policy detaches its secrets, as documented. */
  async delete(tenantId: string, id: string): Promise<void> {
    await this.row(tenantId, id);
    await this.store.transaction(async () => {
      await this.links.secrets.detachRotationPolicy(tenantId, id);
      await this.store.db.deleteFrom('rotation_policies').where('id', '=', id).execute();
    });
  }

  async assign(tenantId: string, id: string, path: string): Promise<Record<string, unknown>> {
    const policy = await this.row(tenantId, id);
    if (!(await this.links.secrets.assignRotationPolicy(tenantId, path, id)))
      throw notFound('secret_not_found', `Secret '${path}' not found`, { path });
    const secret = (await this.assigned(policy)).find((candidate) => candidate.path === path)!;
    return {
      policy_id: id,
      secret_path: path,
      assigned_at: iso(this.clock()),
      next_rotation_at: iso(secret.value_written_at + policy.interval_ms),
    };
  }

  async unassign(tenantId: string, id: string, path: string): Promise<void> {
    await this.row(tenantId, id);
    if (!(await this.links.secrets.unassignRotationPolicy(tenantId, path, id)))
      throw notFound('secret_not_found', `Secret '${path}' is not assigned to rotation policy '${id}'`, { path, policy_id: id });
  }

  assigned(policy: RotationPolicyRow): Promise<AssignedSecret[]> {
    return this.links.secrets.withRotationPolicy(policy.tenant_id, policy.id);
  }

  activePolicies(): Promise<RotationPolicyRow[]> {
    return this.store.db.selectFrom('rotation_policies').selectAll().where('is_active', '=', 1).execute();
  }

  async policiesOf(tenantId: string, policyId?: string): Promise<RotationPolicyRow[]> {
    if (policyId !== undefined) return [await this.row(tenantId, policyId)];
    return this.store.db.selectFrom('rotation_policies').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
  }

  async exists(tenantId: string, id: string): Promise<boolean> {
    return (
      (await this.store.db
        .selectFrom('rotation_policies')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst()) !== undefined
    );
  }

  async row(tenantId: string, id: string): Promise<RotationPolicyRow> {
    const row = await this.store.db
      .selectFrom('rotation_policies')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('rotation_policy_not_found', `Rotation policy '${id}' not found`, { rotation_policy_id: id });
    return row;
  }

  /** Sorted largest first, in milliseconds, with their original spelling. */
  warnings(row: RotationPolicyRow): { text: string; ms: number }[] {
    if (row.warn_before === '') return [];
    return row.warn_before
      .split(',')
      .map((text) => ({ text, ms: parseDuration(text, 'warn_before') }))
      .sort((a, b) => b.ms - a.ms);
  }

  async view(row: RotationPolicyRow): Promise<Record<string, unknown>> {
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      interval: row.interval,
      interval_seconds: Math.round(row.interval_ms / 1000),
      grace_period: row.grace_period,
      warn_before: row.warn_before,
      auto_generate: row.auto_generate === 1,
      secret_policy_id: row.secret_policy_id,
      webhook_ids: JSON.parse(row.webhook_ids) as string[],
      secrets_count: await this.links.secrets.countWithRotationPolicy(row.tenant_id, row.id),
      is_active: row.is_active === 1,
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
    };
  }

  private async checkLinks(tenantId: string, row: RotationPolicyRow): Promise<void> {
    if (row.secret_policy_id !== null && !(await this.links.secretPolicies.exists(tenantId, row.secret_policy_id))) {
      throw notFound('secret_policy_not_found', `Secret policy '${row.secret_policy_id}' not found`, {
        secret_policy_id: row.secret_policy_id,
      });
    }
    for (const webhookId of JSON.parse(row.webhook_ids) as string[]) {
      if (!(await this.links.webhooks.exists(tenantId, webhookId))) {
        throw notFound('webhook_not_found', `Webhook '${webhookId}' not found`, { webhook_id: webhookId });
      }
    }
    if (row.interval_ms < 60_000)
      throw new ApiError(400, 'invalid_duration', 'interval must be at least 1m', { field: 'interval', value: row.interval });
  }

  /** `rot_<name>` when free, so `rotation create --name quarterly` gives the documented `rot_quarterly`. */
  private async readableId(name: string): Promise<string> {
    const candidate = `rot_${slugify(name, '_')}`;
    const taken =
      candidate === 'rot_' ||
      (await this.store.db.selectFrom('rotation_policies').select('id').where('id', '=', candidate).executeTakeFirst()) !== undefined;
    return taken ? newId('rot') : candidate;
  }
}
