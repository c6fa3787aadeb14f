// PKI roles: the rules `issue/{role}` and `sign/{role}` hold a request to, stored per tenant by name.
import type { Store } from '../storage/store.js';
import type { Clock } from '../shared/time.js';
import { conflict } from '../http/api-error.js';
import { EXTENDED_KEY_USAGES, checkKeySpec, type ExtendedKeyUsageName, type PkiRolePolicy } from '../crypto/ca-engine/index.js';
import { engine, refuse, roleNotFound } from './pki-errors.js';
import { pkiDuration } from './pki-durations.js';
import { roleView, type RoleRow } from './pki-views.js';
import type { CertificateAuthorities } from './certificate-authorities.js';

export interface RoleSpec {
  name?: string | undefined;
  ca_id?: string | undefined;
  allowed_domains?: string[] | undefined;
  allow_subdomains?: boolean | undefined;
  allow_ip_sans?: boolean | undefined;
  max_ttl?: string | undefined;
  key_type?: string | undefined;
  key_bits?: number | undefined;
  require_cn?: boolean | undefined;
  store_private_keys?: boolean | undefined;
  ext_key_usage?: string[] | undefined;
}

export const ROLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const DOMAIN_GLOB = /^(\*|[a-z0-9*]([a-z0-9*-]{0,61}[a-z0-9*])?)(\.(\*|[a-z0-9*]([a-z0-9*-]{0,61}[a-z0-9*])?))*$/;
const DEFAULT_USAGES: ExtendedKeyUsageName[] = ['server_auth', 'client_auth'];

export function rolePolicy(row: RoleRow): PkiRolePolicy {
  const policy: PkiRolePolicy = {
    name: row.name,
    allowedDomains: JSON.parse(row.allowed_domains) as string[],
    allowSubdomains: row.allow_subdomains === 1,
    allowIpSans: row.allow_ip_sans === 1,
    keyType: row.key_type,
    keyBits: row.key_bits,
    requireCn: row.require_cn === 1,
    extKeyUsage: JSON.parse(row.ext_key_usage) as ExtendedKeyUsageName[],
  };
  if (row.max_ttl !== null) policy.maxTtlSeconds = pkiDuration(row.max_ttl, 'max_ttl').seconds;
  return policy;
}

export class PkiRoles {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly cas: CertificateAuthorities,
  ) {}

  async create(tenantId: string, spec: RoleSpec & { name: string; ca_id: string }): Promise<Record<string, unknown>> {
    if (!ROLE_NAME.test(spec.name))
      throw refuse('name', spec.name, `name ${JSON.stringify(spec.name)} must be 1 to 128 letters, digits, '.', '_' or '-'`);
    const now = this.clock();
    const row = await this.checked(
      tenantId,
      {
        tenant_id: tenantId,
        name: spec.name,
        ca_id: spec.ca_id,
        allowed_domains: '[]',
        allow_subdomains: 0,
        allow_ip_sans: 0,
        max_ttl: null,
        key_type: 'ec',
        key_bits: 256,
        require_cn: 1,
        store_private_keys: 0,
        ext_key_usage: JSON.stringify(DEFAULT_USAGES),
        created_at: now,
        updated_at: now,
      },
      spec,
    );
    try {
      await this.store.db.insertInto('pki_roles').values(row).execute();
    } catch (error) {
      if (this.store.isUniqueViolation(error))
        throw conflict('role_exists', `A PKI role named '${spec.name}' already exists`, { name: spec.name });
      throw error;
    }
    return roleView(row);
  }

  async update(tenantId: string, name: string, spec: RoleSpec): Promise<Record<string, unknown>> {
    const current = await this.get(tenantId, name);
    if (spec.name !== undefined && spec.name !== name) throw refuse('name', spec.name, 'a role cannot be renamed');
    const row = await this.checked(tenantId, { ...current, updated_at: this.clock() }, spec);
    const { tenant_id: _tenant, name: _name, created_at: _created, ...changes } = row;
    await this.store.db.updateTable('pki_roles').set(changes).where('tenant_id', '=', tenantId).where('name', '=', name).execute();
    return roleView(row);
  }

  /** Applies `spec` to `row`, refusing what the CA engine could not honour. */
  private async checked(tenantId: string, row: RoleRow, spec: RoleSpec): Promise<RoleRow> {
    const next = { ...row };
    if (spec.ca_id !== undefined) next.ca_id = (await this.cas.get(tenantId, spec.ca_id)).id;
    if (spec.allowed_domains !== undefined) {
      const domains = spec.allowed_domains.map((domain) => domain.trim().toLowerCase());
      for (const domain of domains)
        if (domain.length === 0 || domain.length > 253 || !DOMAIN_GLOB.test(domain))
          throw refuse('allowed_domains', domain, `allowed_domains: ${JSON.stringify(domain)} is not a DNS name or glob like *.internal`);
      next.allowed_domains = JSON.stringify([...new Set(domains)]);
    }
    if (spec.allow_subdomains !== undefined) next.allow_subdomains = spec.allow_subdomains ? 1 : 0;
    if (spec.allow_ip_sans !== undefined) next.allow_ip_sans = spec.allow_ip_sans ? 1 : 0;
    if (spec.max_ttl !== undefined) next.max_ttl = pkiDuration(spec.max_ttl, 'max_ttl').text;
    if (spec.key_type !== undefined || spec.key_bits !== undefined) {
      const keyType = spec.key_type ?? (spec.key_bits !== undefined && next.key_type === 'any' ? 'ec' : next.key_type);
      if (keyType === 'any') {
        if (spec.key_bits !== undefined) throw refuse('key_bits', spec.key_bits, 'key_bits does not apply to key_type "any"');
        next.key_type = 'any';
        next.key_bits = 0;
      } else {
        const key = await engine(() =>
          checkKeySpec(
            { keyType, keyBits: spec.key_bits ?? (keyType === next.key_type ? next.key_bits : undefined) },
            { type: 'key_type', bits: 'key_bits' },
          ),
        );
        next.key_type = key.keyType;
        next.key_bits = key.keyBits;
      }
    }
    if (spec.require_cn !== undefined) next.require_cn = spec.require_cn ? 1 : 0;
    if (spec.store_private_keys !== undefined) next.store_private_keys = spec.store_private_keys ? 1 : 0;
    if (spec.ext_key_usage !== undefined) {
      for (const usage of spec.ext_key_usage)
        if (!Object.hasOwn(EXTENDED_KEY_USAGES, usage))
          throw refuse(
            'ext_key_usage',
            usage,
            `ext_key_usage: ${JSON.stringify(usage)} is not one of ${Object.keys(EXTENDED_KEY_USAGES).join(', ')}`,
          );
      if (spec.ext_key_usage.length === 0) throw refuse('ext_key_usage', '', 'ext_key_usage must name at least one usage');
      next.ext_key_usage = JSON.stringify([...new Set(spec.ext_key_usage)]);
    }
    return next;
  }

  async list(tenantId: string, after: string | undefined, limit: number): Promise<RoleRow[]> {
    let query = this.store.db.selectFrom('pki_roles').selectAll().where('tenant_id', '=', tenantId);
    if (after !== undefined) query = query.where('name', '>', after);
    return query
      .orderBy('name')
      .limit(limit + 1)
      .execute();
  }

  async get(tenantId: string, name: string): Promise<RoleRow> {
    const row = await this.store.db
      .selectFrom('pki_roles')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw roleNotFound(name);
    return row;
  }

  async delete(tenantId: string, name: string): Promise<void> {
    const result = await this.store.db
      .deleteFrom('pki_roles')
      .where('tenant_id', '=', tenantId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) throw roleNotFound(name);
  }
}
