// The tenant's root and intermediate CAs: made by the CA engine, their keys sealed at once, and
// revoked with everything below them.
import type { Store } from '../storage/store.js';
import type { SealedBox } from '../crypto/sealed-box.js';
import type { EventBus } from '../events/event-bus.js';
import type { Actor } from '../shared/actor.js';
import type { Clock } from '../shared/time.js';
import { iso } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { conflict } from '../http/api-error.js';
import {
  checkKeySpec,
  checkValidityDays,
  createIntermediateCa,
  createRootCa,
  exportPrivateKeyPem,
  toPem,
  type RevocationReason,
} from '../crypto/ca-engine/index.js';
import { caNotFound, engine, invalidState, refuse } from './pki-errors.js';
import { caView, type CaRow } from './pki-views.js';
import { caKeyContext, type SigningKeys } from './signing-keys.js';
import type { RevocationLists } from './revocation-lists.js';

export interface CaSpec {
  name: string;
  common_name: string;
  ca_type: 'root' | 'intermediate';
  parent_ca_id?: string | undefined;
  key_type?: string | undefined;
  key_size?: number | undefined;
  validity_days?: number | undefined;
  path_length?: number | undefined;
}

const DEFAULT_VALIDITY_DAYS = { root: 3650, intermediate: 1825 } as const;

export class CertificateAuthorities {
  /** Issuer chains (issuing CA first, root last) by CA id: certificates never change. */
  private readonly chains = new Map<string, string[]>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sealer: SealedBox,
    readonly keys: SigningKeys,
    private readonly crls: RevocationLists,
    private readonly events: EventBus,
  ) {}

  async create(actor: Actor, spec: CaSpec): Promise<Record<string, unknown>> {
    const key = await engine(() => checkKeySpec({ keyType: spec.key_type ?? 'rsa', keyBits: spec.key_size }));
    const validityDays = await engine(() => checkValidityDays(spec.validity_days ?? DEFAULT_VALIDITY_DAYS[spec.ca_type]));
    if (spec.ca_type === 'root' && spec.parent_ca_id !== undefined)
      throw refuse('parent_ca_id', spec.parent_ca_id, 'a root CA has no parent_ca_id (use ca_type "intermediate")');
    if (spec.ca_type === 'intermediate' && spec.parent_ca_id === undefined)
      throw refuse('parent_ca_id', undefined, 'an intermediate CA needs parent_ca_id');
    if (await this.byName(actor.tenantId, spec.name)) throw this.exists(spec.name);
    const now = new Date(this.clock());
    const request = {
      commonName: spec.common_name,
      key,
      validityDays,
      now,
      ...(spec.path_length === undefined ? {} : { pathLength: spec.path_length }),
    };
    let parent: CaRow | undefined;
    let created;
    if (spec.ca_type === 'intermediate') {
      parent = await this.get(actor.tenantId, spec.parent_ca_id!);
      if (parent.revoked_at !== null) throw invalidState(`the parent CA ${parent.id} is revoked`, { parent_ca_id: parent.id });
      const signer = this.keys.signingCa(parent);
      created = await engine(() => createIntermediateCa(signer, request));
    } else {
      created = await engine(() => createRootCa(request));
    }
    const id = newId(`ca_${spec.ca_type}`);
    const sealed = this.sealer.seal(Buffer.from(exportPrivateKeyPem(created.privateKey), 'utf8'), caKeyContext(actor.tenantId, id));
    const row = {
      id,
      tenant_id: actor.tenantId,
      name: spec.name,
      common_name: spec.common_name,
      ca_type: spec.ca_type,
      parent_ca_id: parent?.id ?? null,
      key_type: key.keyType,
      key_size: key.keyBits,
      path_length: created.certificate.pathLength ?? null,
      serial_number: created.certificate.serialNumber,
      certificate_der: created.certificateDer,
      key_id: sealed.keyId,
      key_nonce: sealed.nonce,
      key_ciphertext: sealed.ciphertext,
      not_before: created.certificate.notBefore.getTime(),
      not_after: created.certificate.notAfter.getTime(),
      certificates_issued: 0,
      revoked_at: null,
      revocation_reason: null,
      created_at: now.getTime(),
      created_by: actor.identity.id,
    };
    await this.store.transaction(async () => {
      try {
        await this.store.db.insertInto('pki_cas').values(row).execute();
      } catch (error) {
        if (this.store.isUniqueViolation(error)) throw this.exists(spec.name);
        throw error;
      }
      // A CA publishes an (empty) CRL from its first moment, so its CDP URL always answers.
      await this.crls.regenerate(await this.get(actor.tenantId, id));
    });
    return caView(await this.get(actor.tenantId, id), this.clock());
  }

  private exists(name: string) {
    return conflict('ca_exists', `A CA named '${name}' already exists`, { name });
  }

  private byName(tenantId: string, name: string): Promise<CaRow | undefined> {
    return this.store.db.selectFrom('pki_cas').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
  }

  async list(tenantId: string, after: number | undefined, limit: number): Promise<CaRow[]> {
    let query = this.store.db.selectFrom('pki_cas').selectAll().where('tenant_id', '=', tenantId);
    if (after !== undefined) query = query.where('seq', '>', after);
    return query
      .orderBy('seq')
      .limit(limit + 1)
      .execute();
  }

  async get(tenantId: string, id: string): Promise<CaRow> {
    const row = await this.find(id);
    if (!row || row.tenant_id !== tenantId) throw caNotFound(id);
    return row;
  }

  /** By id alone, for the unauthenticated CRL, OCSP and CA-certificate URLs (CA ids are unique across tenants). */
  find(id: string): Promise<CaRow | undefined> {
    return this.store.db.selectFrom('pki_cas').selectAll().where('id', '=', id).executeTakeFirst();
  }

  now(): number {
    return this.clock();
  }

  view(row: CaRow): Record<string, unknown> {
    return caView(row, this.clock());
  }

  /** Refuses signing with a CA that is revoked or expired. */
  requireUsable(ca: CaRow): void {
    if (ca.revoked_at !== null)
      throw invalidState(`the CA ${ca.id} is revoked (${ca.revocation_reason}); it signs nothing new`, { ca_id: ca.id });
    if (ca.not_after <= this.clock()) throw refuse('ca_id', ca.id, `the CA ${ca.id} expired at ${iso(ca.not_after)}; it signs nothing new`);
  }

  /** PEM certificates from the issuing CA up to its root. */
  async chainOf(ca: CaRow): Promise<string[]> {
    let chain = this.chains.get(ca.id);
    if (!chain) {
      chain = [];
      let current: CaRow | undefined = ca;
      while (current) {
        chain.push(toPem(current.certificate_der, 'CERTIFICATE'));
        current = current.parent_ca_id === null ? undefined : await this.find(current.parent_ca_id);
      }
      this.chains.set(ca.id, chain);
    }
    return chain;
  }

  /**
   * Revokes the CA, every CA below it and every certificate any of them issued, regenerates the CRLs
   * that list them (their own, and the parent's, which lists the CA), and emits `certificate.revoked`.
   */
  async revoke(actor: Actor, id: string, reason: RevocationReason): Promise<{ ca: CaRow; certificates: number }> {
    const result = await this.store.transaction(async () => {
      await this.store.lock(`pki-ca-revoke:${actor.tenantId}`);
      const top = await this.get(actor.tenantId, id);
      if (top.revoked_at !== null) throw invalidState(`the CA ${id} is already revoked`, { ca_id: id });
      const now = this.clock();
      const subtree: CaRow[] = [top];
      for (let index = 0; index < subtree.length; index++) {
        const children = await this.store.db
          .selectFrom('pki_cas')
          .selectAll()
          .where('parent_ca_id', '=', subtree[index]!.id)
          .where('revoked_at', 'is', null)
          .execute();
        subtree.push(...children);
      }
      const ids = subtree.map((ca) => ca.id);
      await this.store.db
        .updateTable('pki_cas')
        .set({ revoked_at: now, revocation_reason: reason })
        .where('id', 'in', ids)
        .where('revoked_at', 'is', null)
        .execute();
      const leaves = await this.store.db
        .selectFrom('pki_certificates')
        .select(['id', 'serial_number', 'ca_id'])
        .where('ca_id', 'in', ids)
        .where('revoked_at', 'is', null)
        .execute();
      await this.store.db
        .updateTable('pki_certificates')
        .set({ revoked_at: now, revocation_reason: reason })
        .where('ca_id', 'in', ids)
        .where('revoked_at', 'is', null)
        .execute();
      const revokedAt = iso(now);
      for (const ca of subtree) {
        await this.crls.regenerate(await this.get(actor.tenantId, ca.id));
        await this.events.emit(actor, {
          type: 'certificate.revoked',
          data: {
            certificate_id: null,
            ca_id: ca.parent_ca_id,
            revoked_ca_id: ca.id,
            serial_number: ca.serial_number,
            reason,
            revoked_at: revokedAt,
          },
        });
      }
      if (top.parent_ca_id !== null) await this.crls.regenerate(await this.get(actor.tenantId, top.parent_ca_id));
      for (const leaf of leaves) {
        await this.events.emit(actor, {
          type: 'certificate.revoked',
          data: { certificate_id: leaf.id, ca_id: leaf.ca_id, serial_number: leaf.serial_number, reason, revoked_at: revokedAt },
        });
      }
      return { certificates: leaves.length };
    });
    return { ca: await this.get(actor.tenantId, id), certificates: result.certificates };
  }
}
