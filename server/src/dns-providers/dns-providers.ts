import type { Selectable } from 'kysely';
import type { Store } from '../storage/store.js';
import type { SealedBox } from '../crypto/sealed-box.js';
import type { Actor } from '../shared/actor.js';
import { iso, type Clock } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { ApiError, conflict, notFound } from '../http/api-error.js';
import type { DnsProvidersTable } from './dns-providers-tables.js';
import {
  writerFor,
  type DnsExecHooks,
  type ProviderConfig,
  type ProviderSettings,
  type SupportedProviderType,
} from './dns-provider-types.js';
import { DnsProviderError, placesHttpTokens, type DnsRecordWriter, type HttpTokenWriter } from './dns-record-writer.js';
import { txtVisibleEverywhere } from './authoritative-check.js';

type ProviderRow = Selectable<DnsProvidersTable>;

export interface DnsProviderSpec extends ProviderSettings {
  name: string;
  provider_type: SupportedProviderType;
  managed_zones: string[];
  verify: boolean;
}

/** A change to a provider: its whole settings (the unchanged parts as stored) and what else was given. */
export interface ProviderChange extends ProviderSettings {
  name?: string;
  managed_zones?: string[];
  is_active?: boolean;
  verify: boolean;
}

/** What the ACME area is handed for one challenge name: where to write it and how to see it arrived. */
export interface ChallengeDns {
  providerId: string;
  zone: string;
  writer: DnsRecordWriter;
  /** Where http-01 tokens go, when the provider can place them (an exec hook); otherwise undefined. */
  httpTokens: HttpTokenWriter | undefined;
  /** Whether every authoritative server of the zone answers `value` at `name`. */
  visible(name: string, value: string): Promise<boolean>;
}

/**
 * Changes to one record name run one after another: a provider's change is read-modify-write of the
 * whole TXT set, so two orders touching one name at once (a name and a renewal of it) would lose a value.
 * Only the leader runs orders, so a lock in this process is enough.
 */
const recordQueues = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = recordQueues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  recordQueues.set(key, settled);
  void settled.then(() => {
    if (recordQueues.get(key) === settled) recordQueues.delete(key);
  });
  return next;
}

export function serialised(providerId: string, writer: DnsRecordWriter): DnsRecordWriter {
  return {
    addTxt: (zone, name, value) => oneAtATime(`${providerId}:${name}`, () => writer.addTxt(zone, name, value)),
    removeTxt: (zone, name, value) => oneAtATime(`${providerId}:${name}`, () => writer.removeTxt(zone, name, value)),
    verify: (zones) => writer.verify(zones),
  };
}

const credentialsContext = (id: string) => `scaivault/dns-provider-credentials/v1:${id}`;

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** `Acme.Example.`, `*.acme.example` → `acme.example` (a wildcard entry names the zone that holds its challenge). */
export function normaliseZone(zone: string): string | undefined {
  const name = zone.trim().toLowerCase().replace(/\.$/, '').replace(/^\*\./, '');
  return DNS_NAME.test(name) ? name : undefined;
}

export function verificationFailed(error: DnsProviderError): ApiError {
  return new ApiError(422, 'dns_provider_verification_failed', `The DNS provider's credentials did not check out: ${error.message}`, {
    reason: error.message,
  });
}

/** DNS providers (`dnsp_...`) for dns-01: credentials sealed at rest and never returned. */
export class DnsProviders {
  constructor(
    private readonly store: Store,
    private readonly sealer: SealedBox,
    private readonly clock: Clock,
    private readonly hooks: DnsExecHooks,
  ) {}

  async create(actor: Actor, spec: DnsProviderSpec): Promise<Record<string, unknown>> {
    const writer = writerFor(spec.provider_type, spec, this.hooks);
    if (spec.verify) {
      try {
        await writer.verify(spec.managed_zones);
      } catch (error) {
        if (error instanceof DnsProviderError) throw verificationFailed(error);
        throw error;
      }
    }
    const now = this.clock();
    const id = newId('dnsp');
    const row: ProviderRow = {
      id,
      tenant_id: actor.tenantId,
      name: spec.name,
      provider_type: spec.provider_type,
      config: JSON.stringify(spec.config),
      sealed_credentials: this.sealer.sealText(JSON.stringify(spec.credentials), credentialsContext(id)),
      credential_fields: JSON.stringify(Object.keys(spec.credentials).sort()),
      managed_zones: JSON.stringify(spec.managed_zones),
      is_active: 1,
      created_at: now,
      updated_at: now,
      created_by: actor.identity.id,
    };
    try {
      await this.store.db.insertInto('dns_providers').values(row).execute();
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw conflict('dns_provider_exists', `A DNS provider named ${spec.name} already exists`);
      throw error;
    }
    return view(row);
  }

  async list(tenantId: string): Promise<Record<string, unknown>[]> {
    const rows = await this.store.db.selectFrom('dns_providers').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
    return rows.map(view);
  }

  async get(tenantId: string, id: string): Promise<Record<string, unknown>> {
    return view(await this.row(tenantId, id));
  }

  /** What a change is checked against: the stored type, credentials (opened) and config. */
  async settings(tenantId: string, id: string): Promise<ProviderSettings & { provider_type: SupportedProviderType }> {
    const row = await this.row(tenantId, id);
    return {
      provider_type: row.provider_type as SupportedProviderType,
      credentials: JSON.parse(this.sealer.openText(row.sealed_credentials, credentialsContext(row.id))) as Record<string, string>,
      config: JSON.parse(row.config) as ProviderConfig,
    };
  }

  /** Changes a provider; with `verify`, the changed credentials are checked against its (changed) zones first. */
  async update(tenantId: string, id: string, change: ProviderChange): Promise<Record<string, unknown>> {
    const row = await this.row(tenantId, id);
    const zones = change.managed_zones ?? (JSON.parse(row.managed_zones) as string[]);
    if (change.verify) {
      try {
        await writerFor(row.provider_type as SupportedProviderType, change, this.hooks).verify(zones);
      } catch (error) {
        if (error instanceof DnsProviderError) throw verificationFailed(error);
        throw error;
      }
    }
    const next: ProviderRow = {
      ...row,
      name: change.name ?? row.name,
      config: JSON.stringify(change.config),
      sealed_credentials: this.sealer.sealText(JSON.stringify(change.credentials), credentialsContext(id)),
      credential_fields: JSON.stringify(Object.keys(change.credentials).sort()),
      managed_zones: JSON.stringify(zones),
      is_active: change.is_active === undefined ? row.is_active : change.is_active ? 1 : 0,
      updated_at: this.clock(),
    };
    try {
      await this.store.db
        .updateTable('dns_providers')
        .set({
          name: next.name,
          config: next.config,
          sealed_credentials: next.sealed_credentials,
          credential_fields: next.credential_fields,
          managed_zones: next.managed_zones,
          is_active: next.is_active,
          updated_at: next.updated_at,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute();
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw conflict('dns_provider_exists', `A DNS provider named ${next.name} already exists`);
      throw error;
    }
    return view(next);
  }

  async delete(tenantId: string, id: string): Promise<void> {
    const result = await this.store.db
      .deleteFrom('dns_providers')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw providerNotFound(id);
  }

  /**
   * The provider and zone that hold the dns-01 record of `domain` (`*.a.example` → `_acme-challenge.a.example`):
   * `providerId` if given, else the active provider whose managed zone is the longest suffix of the name.
   */
  async forDomain(tenantId: string, domain: string, providerId?: string): Promise<ChallengeDns> {
    const base = domain.toLowerCase().replace(/^\*\./, '');
    const rows = providerId
      ? [await this.row(tenantId, providerId)]
      : await this.store.db.selectFrom('dns_providers').selectAll().where('tenant_id', '=', tenantId).where('is_active', '=', 1).execute();
    let best: { row: ProviderRow; zone: string } | undefined;
    for (const row of rows) {
      for (const zone of JSON.parse(row.managed_zones) as string[]) {
        if ((base === zone || base.endsWith(`.${zone}`)) && (!best || zone.length > best.zone.length)) best = { row, zone };
      }
    }
    if (!best) {
      throw new ApiError(
        422,
        'dns_zone_not_managed',
        providerId
          ? `The DNS provider ${providerId} does not manage a zone holding ${domain}`
          : `No DNS provider manages a zone holding ${domain}: add the zone to a provider's managed_zones`,
        { domain },
      );
    }
    const { row, zone } = best;
    const config = JSON.parse(row.config) as ProviderConfig;
    const credentials = JSON.parse(this.sealer.openText(row.sealed_credentials, credentialsContext(row.id))) as Record<string, string>;
    const writer = writerFor(row.provider_type as SupportedProviderType, { credentials, config }, this.hooks);
    return {
      providerId: row.id,
      zone,
      writer: serialised(row.id, writer),
      httpTokens: placesHttpTokens(writer) ? writer : undefined,
      visible: (name, value) => txtVisibleEverywhere(zone, name, value, config.nameservers ?? []),
    };
  }

  private async row(tenantId: string, id: string): Promise<ProviderRow> {
    const row = await this.store.db
      .selectFrom('dns_providers')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw providerNotFound(id);
    return row;
  }
}

function providerNotFound(id: string): ApiError {
  return notFound('dns_provider_not_found', `DNS provider not found: ${id}`, { id });
}

function view(row: ProviderRow): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    provider_type: row.provider_type,
    managed_zones: JSON.parse(row.managed_zones) as string[],
    config: JSON.parse(row.config) as ProviderConfig,
    credential_fields: JSON.parse(row.credential_fields) as string[],
    is_active: row.is_active === 1,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    created_by: row.created_by,
  };
}
