import type { Store } from '../storage/store.js';
import { iso, type Clock } from '../shared/time.js';
import { newId, slugify } from '../shared/ids.js';
import { notFound, validationError } from '../http/api-error.js';
import { GENERATORS, runRecipes, validateRecipes, type FieldRecipe } from './generators.js';
import { CHARSETS } from './charsets.js';
import type { SecretPoliciesTable } from './secret-policies-tables.js';

export const POLICY_TYPES: Record<string, { description: string; typical_fields: string[] }> = {
  password: { description: 'A single password', typical_fields: ['password'] },
  api_key: { description: 'An API key, optionally with a secret', typical_fields: ['api_key', 'api_secret'] },
  oauth_client: { description: 'OAuth client credentials', typical_fields: ['client_id', 'client_secret'] },
  ssh_key: { description: 'An SSH key pair', typical_fields: ['private_key', 'public_key'] },
  custom: { description: 'Any fields', typical_fields: [] },
};

type SecretPolicyRow = SecretPoliciesTable;

export interface SecretPolicySpec {
  name?: string | undefined;
  description?: string | undefined;
  policy_type?: string | undefined;
  fields?: unknown;
  is_active?: boolean | undefined;
}

/** Value-generation recipes (`sp_...`) used by rotation and previewed by `generate`. */
export class SecretPolicies {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async create(tenantId: string, spec: SecretPolicySpec & { name: string }): Promise<Record<string, unknown>> {
    const recipes = this.checked(spec);
    const now = this.clock();
    const row: SecretPolicyRow = {
      id: await this.readableId(spec.name),
      tenant_id: tenantId,
      name: spec.name,
      description: spec.description ?? null,
      policy_type: spec.policy_type ?? 'custom',
      fields: JSON.stringify(recipes),
      is_active: spec.is_active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    };
    await this.store.db.insertInto('secret_policies').values(row).execute();
    return this.view(row);
  }

  async list(
    tenantId: string,
    filter: { policyType?: string | undefined; includeInactive: boolean },
    after: string | undefined,
    limit: number,
  ): Promise<Record<string, unknown>[]> {
    let query = this.store.db.selectFrom('secret_policies').selectAll().where('tenant_id', '=', tenantId);
    if (filter.policyType !== undefined) query = query.where('policy_type', '=', filter.policyType);
    if (!filter.includeInactive) query = query.where('is_active', '=', 1);
    if (after !== undefined) query = query.where('id', '>', after);
    const rows = await query
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return rows.map((row) => this.view(row));
  }

  async get(tenantId: string, id: string): Promise<Record<string, unknown>> {
    return this.view(await this.row(tenantId, id));
  }

  async update(tenantId: string, id: string, spec: SecretPolicySpec): Promise<Record<string, unknown>> {
    const row = await this.row(tenantId, id);
    const recipes =
      spec.fields !== undefined || spec.policy_type !== undefined
        ? this.checked({ policy_type: spec.policy_type ?? row.policy_type, fields: spec.fields ?? JSON.parse(row.fields) })
        : undefined;
    const next: SecretPolicyRow = {
      ...row,
      name: spec.name ?? row.name,
      description: spec.description ?? row.description,
      policy_type: spec.policy_type ?? row.policy_type,
      fields: recipes ? JSON.stringify(recipes) : row.fields,
      is_active: spec.is_active === undefined ? row.is_active : spec.is_active ? 1 : 0,
      updated_at: this.clock(),
    };
    await this.store.db
      .updateTable('secret_policies')
      .set({
        name: next.name,
        description: next.description,
        policy_type: next.policy_type,
        fields: next.fields,
        is_active: next.is_active,
        updated_at: next.updated_at,
      })
      .where('id', '=', id)
      .execute();
    return this.view(next);
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.row(tenantId, id);
    await this.store.db.deleteFrom('secret_policies').where('id', '=', id).execute();
  }

  async generate(tenantId: string, id: string): Promise<Record<string, string>> {
    return runRecipes(await this.recipes(tenantId, id), this.clock());
  }

  async recipes(tenantId: string, id: string): Promise<FieldRecipe[]> {
    return JSON.parse((await this.row(tenantId, id)).fields) as FieldRecipe[];
  }

  catalogue(): Record<string, unknown> {
    return {
      policy_types: Object.entries(POLICY_TYPES).map(([name, type]) => ({ name, ...type })),
      generators: Object.entries(GENERATORS).map(([name, generator]) => ({
        name,
        description: generator.description,
        config_keys: Object.keys(generator.config),
        config: generator.config,
      })),
      charsets: Object.entries(CHARSETS).map(([name, characters]) => ({ name, characters })),
    };
  }

  private checked(spec: SecretPolicySpec): FieldRecipe[] {
    const { recipes, problems } = validateRecipes(spec.fields);
    if (spec.policy_type !== undefined && !(spec.policy_type in POLICY_TYPES))
      problems.policy_type = `must be one of ${Object.keys(POLICY_TYPES).join(', ')}`;
    if (Object.keys(problems).length > 0) throw validationError(problems);
    return recipes;
  }

  /** `sp_<name>` when free, so ids read like the documented `sp_db_passwords`; random otherwise. */
  private async readableId(name: string): Promise<string> {
    const candidate = `sp_${slugify(name, '_')}`;
    const taken =
      candidate === 'sp_' ||
      (await this.store.db.selectFrom('secret_policies').select('id').where('id', '=', candidate).executeTakeFirst()) !== undefined;
    return taken ? newId('sp') : candidate;
  }

  async exists(tenantId: string, id: string): Promise<boolean> {
    return (
      (await this.store.db
        .selectFrom('secret_policies')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst()) !== undefined
    );
  }

  private async row(tenantId: string, id: string): Promise<SecretPolicyRow> {
    const row = await this.store.db
      .selectFrom('secret_policies')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('secret_policy_not_found', `Secret policy '${id}' not found`, { secret_policy_id: id });
    return row;
  }

  private view(row: SecretPolicyRow): Record<string, unknown> {
    return {
      id: row.id,
      name: row.name,
      policy_type: row.policy_type,
      fields: JSON.parse(row.fields) as FieldRecipe[],
      is_active: row.is_active === 1,
      description: row.description,
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
    };
  }
}
