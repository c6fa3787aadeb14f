import type { Store } from '../storage/store.js';
import { iso, type Clock } from '../shared/time.js';
import { newId, slugify } from '../shared/ids.js';
import { notFound, validationError } from '../http/api-error.js';
import { GENERATORS, runRecipes, validateRecipes, type FieldRecipe } from './generators.js';
import { CHARSETS } from './charsets.js';

export const POLICY_TYPES: Record<string, { description: string; typical_fields: string[] }> = {
  password: { description: 'A single password', typical_fields: ['password'] },
  api_key: { description: 'An API key, optionally with a secret', typical_fields: ['api_key', 'api_secret'] },
  oauth_client: { description: 'OAuth client credentials', typical_fields: ['client_id', 'client_secret'] },
  ssh_key: { description: 'An SSH key pair', typical_fields: ['private_key', 'public_key'] },
  custom: { description: 'Any fields', typical_fields: [] },
};

interface SecretPolicyRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  policy_type: string;
  fields: string;
  is_active: number;
  created_at: number;
  updated_at: number;
}

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

  create(tenantId: string, spec: SecretPolicySpec & { name: string }): Record<string, unknown> {
    const recipes = this.checked(spec);
    const now = this.clock();
    const row: SecretPolicyRow = {
      id: this.readableId(spec.name),
      tenant_id: tenantId,
      name: spec.name,
      description: spec.description ?? null,
      policy_type: spec.policy_type ?? 'custom',
      fields: JSON.stringify(recipes),
      is_active: spec.is_active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    };
    this.store
      .prepare(
        `INSERT INTO secret_policies (id, tenant_id, name, description, policy_type, fields, is_active, created_at, updated_at)
         VALUES (@id, @tenant_id, @name, @description, @policy_type, @fields, @is_active, @created_at, @updated_at)`,
      )
      .run(row);
    return this.view(row);
  }

  list(tenantId: string, filter: { policyType?: string | undefined; includeInactive: boolean }, after: string | undefined, limit: number): Record<string, unknown>[] {
    const rows = this.store
      .prepare(
        `SELECT * FROM secret_policies WHERE tenant_id = @tenant AND (@type IS NULL OR policy_type = @type) AND (@inactive = 1 OR is_active = 1)
           AND (@after IS NULL OR id > @after) ORDER BY id LIMIT @limit`,
      )
      .all({ tenant: tenantId, type: filter.policyType ?? null, inactive: filter.includeInactive ? 1 : 0, after: after ?? null, limit: limit + 1 }) as SecretPolicyRow[];
    return rows.map((row) => this.view(row));
  }

  get(tenantId: string, id: string): Record<string, unknown> {
    return this.view(this.row(tenantId, id));
  }

  update(tenantId: string, id: string, spec: SecretPolicySpec): Record<string, unknown> {
    const row = this.row(tenantId, id);
    const recipes = spec.fields !== undefined || spec.policy_type !== undefined ? this.checked({ policy_type: spec.policy_type ?? row.policy_type, fields: spec.fields ?? JSON.parse(row.fields) }) : undefined;
    const next: SecretPolicyRow = {
      ...row,
      name: spec.name ?? row.name,
      description: spec.description ?? row.description,
      policy_type: spec.policy_type ?? row.policy_type,
      fields: recipes ? JSON.stringify(recipes) : row.fields,
      is_active: spec.is_active === undefined ? row.is_active : spec.is_active ? 1 : 0,
      updated_at: this.clock(),
    };
    this.store.prepare('UPDATE secret_policies SET name = @name, description = @description, policy_type = @policy_type, fields = @fields, is_active = @is_active, updated_at = @updated_at WHERE id = @id').run(next);
    return this.view(next);
  }

  delete(tenantId: string, id: string): void {
    this.row(tenantId, id);
    this.store.prepare('DELETE FROM secret_policies WHERE id = ?').run(id);
  }

  async generate(tenantId: string, id: string): Promise<Record<string, string>> {
    return runRecipes(this.recipes(tenantId, id), this.clock());
  }

  recipes(tenantId: string, id: string): FieldRecipe[] {
    return JSON.parse(this.row(tenantId, id).fields) as FieldRecipe[];
  }

  catalogue(): Record<string, unknown> {
    return {
      policy_types: Object.entries(POLICY_TYPES).map(([name, type]) => ({ name, ...type })),
      generators: Object.entries(GENERATORS).map(([name, generator]) => ({ name, description: generator.description, config_keys: Object.keys(generator.config), config: generator.config })),
      charsets: Object.entries(CHARSETS).map(([name, characters]) => ({ name, characters })),
    };
  }

  private checked(spec: SecretPolicySpec): FieldRecipe[] {
    const { recipes, problems } = validateRecipes(spec.fields);
    if (spec.policy_type !== undefined && !(spec.policy_type in POLICY_TYPES)) problems.policy_type = `must be one of ${Object.keys(POLICY_TYPES).join(', ')}`;
    if (Object.keys(problems).length > 0) throw validationError(problems);
    return recipes;
  }

  /** `sp_<name>` when free, so ids read like the documented `sp_db_passwords`; random otherwise. */
  private readableId(name: string): string {
    const candidate = `sp_${slugify(name, '_')}`;
    const taken = candidate === 'sp_' || this.store.prepare('SELECT 1 FROM secret_policies WHERE id = ?').get(candidate) !== undefined;
    return taken ? newId('sp') : candidate;
  }

  exists(tenantId: string, id: string): boolean {
    return this.store.prepare('SELECT 1 FROM secret_policies WHERE tenant_id = ? AND id = ?').get(tenantId, id) !== undefined;
  }

  private row(tenantId: string, id: string): SecretPolicyRow {
    const row = this.store.prepare('SELECT * FROM secret_policies WHERE tenant_id = ? AND id = ?').get(tenantId, id) as SecretPolicyRow | undefined;
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
