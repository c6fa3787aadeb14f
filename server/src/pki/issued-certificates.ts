// Certificates the tenant's CAs issue: `issue` (server-made key, returned once and kept only when the
// role says `store_private_keys`), `sign` (the caller's CSR), the list, and revocation.
import { X509Certificate } from 'node:crypto';
import type { Store } from '../storage/store.js';
import type { SealedBox } from '../crypto/sealed-box.js';
import type { EventBus } from '../events/event-bus.js';
import type { Actor } from '../shared/actor.js';
import { iso, type Clock } from '../shared/time.js';
import {
  issueLeaf,
  signCsr,
  type LeafCertificate,
  type LeafRequest,
  type PkiRolePolicy,
  type RevocationReason,
  type SignCsrRequest,
} from '../crypto/ca-engine/index.js';
import { certificateNotFound, engine, invalidState } from './pki-errors.js';
import { certificateView, type CaRow, type CertificateRow } from './pki-views.js';
import { certificateKeyContext } from './signing-keys.js';
import type { CertificateAuthorities } from './certificate-authorities.js';
import type { RevocationLists } from './revocation-lists.js';

/** What issue and sign answer (docs/api-decisions.md, "PKI"). */
export interface IssuedAnswer {
  id: string;
  certificate: string;
  private_key?: string;
  ca_chain: string[];
  serial_number: string;
  not_after: string;
  csr_id?: string;
}

export interface ListCertificatesQuery {
  caId?: string | undefined;
  /** Only certificates not yet expired that expire before now + this. */
  expiringWithinMs?: number | undefined;
  includeRevoked: boolean;
  after?: number | undefined;
  limit: number;
}

/**
 * A CA's default role (`POST /v1/pki/ca/{id}/issue`, the CSR workflow's sign): any valid DNS name or
 * IP, lifetime bounded by the CA's own, EC P-256 for issued keys, any supported key for CSRs.
 */
export function defaultRoleOf(ca: CaRow, purpose: 'issue' | 'sign'): PkiRolePolicy {
  return {
    name: `${ca.id} (default)`,
    allowedDomains: ['*'],
    allowSubdomains: true,
    allowIpSans: true,
    keyType: purpose === 'issue' ? 'ec' : 'any',
    keyBits: purpose === 'issue' ? 256 : 0,
    // A reviewed CSR may name only SANs; a certificate issued by CA needs its CN, as the CLI always sends.
    requireCn: purpose === 'issue',
    extKeyUsage: ['server_auth', 'client_auth'],
  };
}

export class IssuedCertificates {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sealer: SealedBox,
    private readonly cas: CertificateAuthorities,
    private readonly crls: RevocationLists,
    private readonly events: EventBus,
  ) {}

  async issue(
    actor: Actor,
    ca: CaRow,
    role: PkiRolePolicy,
    request: LeafRequest,
    options: { roleName: string | null; storePrivateKey: boolean },
  ): Promise<IssuedAnswer> {
    this.cas.requireUsable(ca);
    const signer = this.cas.keys.signingCa(ca);
    const leaf = await engine(() => issueLeaf(signer, role, request, new Date(this.clock())));
    return this.record(actor, ca, leaf, {
      roleName: options.roleName,
      csrId: null,
      privateKeyPem: leaf.privateKeyPem,
      storePrivateKey: options.storePrivateKey,
      action: 'issue',
    });
  }

  async sign(
    actor: Actor,
    ca: CaRow,
    role: PkiRolePolicy,
    request: SignCsrRequest,
    options: { roleName: string | null; csrId: string | null },
  ): Promise<IssuedAnswer> {
    this.cas.requireUsable(ca);
    const signer = this.cas.keys.signingCa(ca);
    const leaf = await engine(() => signCsr(signer, role, request, new Date(this.clock())));
    return this.record(actor, ca, leaf, { roleName: options.roleName, csrId: options.csrId, storePrivateKey: false, action: 'sign' });
  }

  private async record(
    actor: Actor,
    ca: CaRow,
    leaf: LeafCertificate,
    options: { roleName: string | null; csrId: string | null; privateKeyPem?: string; storePrivateKey: boolean; action: 'issue' | 'sign' },
  ): Promise<IssuedAnswer> {
    const id = `cert_${leaf.serialNumber.replace(/:/g, '')}`;
    const now = this.clock();
    const sealed =
      options.storePrivateKey && options.privateKeyPem !== undefined
        ? this.sealer.seal(Buffer.from(options.privateKeyPem, 'utf8'), certificateKeyContext(actor.tenantId, id))
        : undefined;
    const chain = await this.cas.chainOf(ca);
    await this.store.transaction(async () => {
      await this.store.db
        .insertInto('pki_certificates')
        .values({
          id,
          tenant_id: actor.tenantId,
          ca_id: ca.id,
          role: options.roleName,
          csr_id: options.csrId,
          serial_number: leaf.serialNumber,
          common_name: leaf.commonName ?? null,
          alt_names: JSON.stringify(leaf.dnsNames),
          ip_sans: JSON.stringify(leaf.ipAddresses),
          not_before: leaf.notBefore.getTime(),
          not_after: leaf.notAfter.getTime(),
          certificate_der: leaf.certificateDer,
          key_id: sealed?.keyId ?? null,
          key_nonce: sealed?.nonce ?? null,
          key_ciphertext: sealed?.ciphertext ?? null,
          revoked_at: null,
          revocation_reason: null,
          created_at: now,
          created_by: actor.identity.id,
        })
        .execute();
      // Counted only while the CA is unrevoked: a CA revoke committed since the check above (it
      // updates this row first) rolls the issuance back instead of leaving a live certificate under it.
      const counted = await this.store.db
        .updateTable('pki_cas')
        .set((eb) => ({ certificates_issued: eb('certificates_issued', '+', 1) }))
        .where('id', '=', ca.id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (counted.numUpdatedRows === 0n) throw invalidState(`the CA ${ca.id} was revoked; it signs nothing new`, { ca_id: ca.id });
      await this.events.emit(actor, {
        type: 'certificate.issued',
        data: {
          certificate_id: id,
          serial_number: leaf.serialNumber,
          ca_id: ca.id,
          role: options.roleName,
          csr_id: options.csrId,
          method: options.action,
          common_name: leaf.commonName ?? null,
          alt_names: leaf.dnsNames,
          ip_sans: leaf.ipAddresses,
          not_after: iso(leaf.notAfter.getTime()),
        },
      });
    });
    const answer: IssuedAnswer = {
      id,
      certificate: leaf.certificatePem,
      ca_chain: chain,
      serial_number: leaf.serialNumber,
      not_after: iso(leaf.notAfter.getTime()),
    };
    if (options.privateKeyPem !== undefined) answer.private_key = options.privateKeyPem;
    if (options.csrId !== null) answer.csr_id = options.csrId;
    return answer;
  }

  async list(tenantId: string, query: ListCertificatesQuery): Promise<CertificateRow[]> {
    let select = this.store.db.selectFrom('pki_certificates').selectAll().where('tenant_id', '=', tenantId);
    if (query.caId !== undefined) select = select.where('ca_id', '=', query.caId);
    if (!query.includeRevoked) select = select.where('revoked_at', 'is', null);
    if (query.expiringWithinMs !== undefined) {
      const now = this.clock();
      select = select.where('not_after', '>', now).where('not_after', '<=', now + query.expiringWithinMs);
    }
    if (query.after !== undefined) select = select.where('seq', '>', query.after);
    return select
      .orderBy('seq')
      .limit(query.limit + 1)
      .execute();
  }

  async get(tenantId: string, id: string): Promise<CertificateRow> {
    const row = await this.store.db.selectFrom('pki_certificates').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.tenant_id !== tenantId) throw certificateNotFound(id);
    return row;
  }

  /**
   * Records a certificate a public CA issued through an ACME order (the ACME area keeps what renewal
   * needs), so that certificate lists, expiry queries and `get` show it beside this server's own.
   * Runs in the caller's transaction; emits nothing (the ACME area announces it).
   */
  async recordAcme(
    tenantId: string,
    certificate: { accountId: string; der: Buffer; createdBy: string },
  ): Promise<{ id: string; serialNumber: string }> {
    const leaf = new X509Certificate(certificate.der);
    const serialNumber = leaf.serialNumber.toLowerCase().replace(/(..)(?=.)/g, '$1:');
    const id = `cert_${serialNumber.replace(/:/g, '')}`;
    const dnsNames = (leaf.subjectAltName ?? '')
      .split(', ')
      .filter((entry) => entry.startsWith('DNS:'))
      .map((entry) => entry.slice(4));
    await this.store.db
      .insertInto('pki_certificates')
      .values({
        id,
        tenant_id: tenantId,
        ca_id: certificate.accountId,
        role: null,
        csr_id: null,
        serial_number: serialNumber,
        common_name: /(?:^|\n)CN=([^\n]+)/.exec(leaf.subject)?.[1] ?? null,
        alt_names: JSON.stringify(dnsNames),
        ip_sans: '[]',
        not_before: Date.parse(leaf.validFrom),
        not_after: Date.parse(leaf.validTo),
        certificate_der: certificate.der,
        key_id: null,
        key_nonce: null,
        key_ciphertext: null,
        revoked_at: null,
        revocation_reason: null,
        created_at: this.clock(),
        created_by: certificate.createdBy,
        source: 'acme',
      })
      .execute();
    return { id, serialNumber };
  }

  view(row: CertificateRow): Record<string, unknown> {
    return certificateView(row);
  }

  /** Revokes one certificate; its CA's CRL is rebuilt in the same transaction. */
  async revoke(actor: Actor, id: string, reason: RevocationReason): Promise<CertificateRow> {
    await this.store.transaction(async () => {
      await this.store.lock(`pki-cert:${id}`);
      const row = await this.get(actor.tenantId, id);
      if (row.source === 'acme')
        throw invalidState(`the certificate ${id} was issued by a public CA through ACME; revoke it at that CA`, {
          certificate_id: id,
          source: row.source,
        });
      if (row.revoked_at !== null)
        throw invalidState(`the certificate ${id} is already revoked (${row.revocation_reason})`, { certificate_id: id });
      const now = this.clock();
      const updated = await this.store.db
        .updateTable('pki_certificates')
        .set({ revoked_at: now, revocation_reason: reason })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      // Revoked meanwhile by its CA's revocation: the first reason and time stand.
      if (updated.numUpdatedRows === 0n) throw invalidState(`the certificate ${id} is already revoked`, { certificate_id: id });
      await this.crls.regenerate(await this.cas.get(actor.tenantId, row.ca_id));
      await this.events.emit(actor, {
        type: 'certificate.revoked',
        data: { certificate_id: id, ca_id: row.ca_id, serial_number: row.serial_number, reason, revoked_at: iso(now) },
      });
    });
    return this.get(actor.tenantId, id);
  }
}
