import { generateKeyPairSync } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Store } from '../storage/store.js';
import type { SealedBox } from '../crypto/sealed-box.js';
import type { Actor } from '../shared/actor.js';
import { iso, type Clock } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { ApiError, conflict, notFound } from '../http/api-error.js';
import type { AcmeAccountsTable } from './acme-tables.js';
import { CaUnreachable, makeAcmeClient, probeDirectory } from './acme-client-factory.js';
import type { AcmeEnvironment, AcmeProvider } from './acme-directories.js';
import type { Client } from 'acme-client';

type AccountRow = Selectable<AcmeAccountsTable>;

export interface AcmeAccountSpec {
  name: string;
  provider: AcmeProvider;
  environment: AcmeEnvironment;
  directoryUrl: string;
  email: string | undefined;
  caBundle: string | undefined;
  externalAccountBinding: { kid: string; hmacKey: string } | undefined;
}

interface SealedAccountKey {
  account_key: string;
  eab?: { kid: string; hmacKey: string };
}

const keyContext = (id: string) => `scaivault/acme-account-key/v1:${id}`;

/** The CA answered, but with a problem: its `detail`, passed on as the CA wrote it. */
export function caRejected(error: unknown, what: string): ApiError {
  if (error instanceof CaUnreachable) {
    return new ApiError(502, 'acme_ca_unreachable', `The ACME CA could not be reached during ${what}: ${(error as Error).message}`);
  }
  return new ApiError(502, 'acme_ca_rejected', `The ACME CA refused ${what}: ${(error as Error).message}`, {
    detail: (error as Error).message,
  });
}

/** ACME accounts (`acme_...`): the server makes the account key, registers it with the CA and keeps it sealed. */
export class AcmeAccounts {
  constructor(
    private readonly store: Store,
    private readonly sealer: SealedBox,
    private readonly clock: Clock,
    private readonly pollMs: number,
  ) {}

  async create(actor: Actor, spec: AcmeAccountSpec): Promise<Record<string, unknown>> {
    const existing = await this.store.db
      .selectFrom('acme_accounts')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('name', '=', spec.name)
      .executeTakeFirst();
    if (existing) throw conflict('acme_account_exists', `An ACME account named ${spec.name} already exists`, { id: existing.id });
    const id = newId('acme');
    // P-256: small, fast and accepted by every CA the vendor lists.
    const accountKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const client = await makeAcmeClient({
      directoryUrl: spec.directoryUrl,
      accountKeyPem: accountKey,
      caBundle: spec.caBundle,
      pollMs: this.pollMs,
      ...(spec.externalAccountBinding ? { externalAccountBinding: spec.externalAccountBinding } : {}),
    });
    try {
      await probeDirectory(spec.directoryUrl, spec.caBundle);
      await client.createAccount({ termsOfServiceAgreed: true, ...(spec.email ? { contact: [`mailto:${spec.email}`] } : {}) });
    } catch (error) {
      throw caRejected(error, 'the account registration');
    }
    const sealed: SealedAccountKey = {
      account_key: accountKey,
      ...(spec.externalAccountBinding ? { eab: spec.externalAccountBinding } : {}),
    };
    const row: AccountRow = {
      id,
      tenant_id: actor.tenantId,
      name: spec.name,
      provider: spec.provider,
      environment: spec.environment,
      directory_url: spec.directoryUrl,
      email: spec.email ?? null,
      ca_bundle: spec.caBundle ?? null,
      sealed_key: this.sealer.sealText(JSON.stringify(sealed), keyContext(id)),
      account_url: client.getAccountUrl(),
      created_at: this.clock(),
      created_by: actor.identity.id,
    };
    try {
      await this.store.db.insertInto('acme_accounts').values(row).execute();
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw conflict('acme_account_exists', `An ACME account named ${spec.name} already exists`);
      throw error;
    }
    return view(row);
  }

  async list(tenantId: string): Promise<Record<string, unknown>[]> {
    const rows = await this.store.db.selectFrom('acme_accounts').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
    return rows.map(view);
  }

  async get(tenantId: string, idOrName: string): Promise<Record<string, unknown>> {
    return view(await this.row(tenantId, idOrName));
  }

  /** An account by id (`acme_...`) or by name: the CLI's `--account` takes either. */
  async row(tenantId: string, idOrName: string): Promise<AccountRow> {
    const row = await this.store.db
      .selectFrom('acme_accounts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .executeTakeFirst();
    if (!row) throw notFound('acme_account_not_found', `ACME account not found: ${idOrName}`, { account: idOrName });
    return row;
  }

  /** A client signed with the account's key, for the order runner. */
  async clientFor(row: AccountRow): Promise<Client> {
    const sealed = JSON.parse(this.sealer.openText(row.sealed_key, keyContext(row.id))) as SealedAccountKey;
    return makeAcmeClient({
      directoryUrl: row.directory_url,
      accountKeyPem: sealed.account_key,
      accountUrl: row.account_url,
      caBundle: row.ca_bundle,
      pollMs: this.pollMs,
      ...(sealed.eab ? { externalAccountBinding: sealed.eab } : {}),
    });
  }
}

function view(row: AccountRow): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    environment: row.environment,
    directory_url: row.directory_url,
    email: row.email,
    status: 'valid',
    account_url: row.account_url,
    has_ca_bundle: row.ca_bundle !== null,
    created_at: iso(row.created_at),
    created_by: row.created_by,
  };
}
