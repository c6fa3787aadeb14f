import { X509Certificate } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Store } from '../storage/store.js';
import type { SealedBox } from '../crypto/sealed-box.js';
import type { Clock } from '../shared/time.js';
import type { IssuedCertificates } from '../pki/issued-certificates.js';
import type { AcmeCertificatesTable } from './acme-tables.js';

export type AcmeCertificateRow = Selectable<AcmeCertificatesTable>;

/** What an ACME order produced, ready to keep. */
export interface IssuedAcmeCertificate {
  tenantId: string;
  orderId: string;
  accountId: string;
  /** Leaf first, then the issuers the CA sent. */
  chainPem: string[];
  /** The server-made key; undefined when the caller gave a CSR (the server never had the key). */
  privateKeyPem: string | undefined;
  autoRenew: boolean;
  /** The certificate this one replaces, on renewal. */
  renewalOf: string | null;
}

/**
 * Where ACME certificates are kept: in the PKI area's certificate list (source `acme`, `ca_id` the
 * ACME account), so `pki certs list`, `--expiring-within` and `get` show them beside the tenant's own
 * CAs' certificates, under the same id; and in the ACME area's `acme_certificates`, what renewal needs
 * (the order, the chain, the sealed server-made key, whether and by what it was renewed).
 */
export interface AcmeCertificateStore {
  keep(issued: IssuedAcmeCertificate): Promise<AcmeCertificateRow>;
  get(tenantId: string, id: string): Promise<AcmeCertificateRow | undefined>;
  privateKey(row: AcmeCertificateRow): string | undefined;
  /** Auto-renewing certificates not yet renewed whose `not_after` is before `before`, every tenant. */
  dueForRenewal(before: number): Promise<AcmeCertificateRow[]>;
  markRenewed(id: string, by: string): Promise<void>;
}

const keyContext = (id: string) => `scaivault/acme-certificate-key/v1:${id}`;

export class PkiCertificateStore implements AcmeCertificateStore {
  constructor(
    private readonly store: Store,
    private readonly sealer: SealedBox,
    private readonly clock: Clock,
    private readonly pki: IssuedCertificates,
  ) {}

  async keep(issued: IssuedAcmeCertificate): Promise<AcmeCertificateRow> {
    return this.store.transaction(() => this.keepInTransaction(issued));
  }

  private async keepInTransaction(issued: IssuedAcmeCertificate): Promise<AcmeCertificateRow> {
    const [leafPem, ...issuers] = issued.chainPem;
    const leaf = new X509Certificate(leafPem!);
    const { id } = await this.pki.recordAcme(issued.tenantId, {
      accountId: issued.accountId,
      der: Buffer.from(leaf.raw),
      createdBy: 'system:acme',
    });
    const altNames = (leaf.subjectAltName ?? '')
      .split(', ')
      .filter((entry) => entry.startsWith('DNS:'))
      .map((entry) => entry.slice(4));
    const row: AcmeCertificateRow = {
      id,
      tenant_id: issued.tenantId,
      order_id: issued.orderId,
      account_id: issued.accountId,
      common_name: /CN=([^\n,]+)/.exec(leaf.subject)?.[1] ?? altNames[0] ?? '',
      alt_names: JSON.stringify(altNames),
      serial_number: leaf.serialNumber.toLowerCase(),
      not_before: Date.parse(leaf.validFrom),
      not_after: Date.parse(leaf.validTo),
      certificate_pem: leafPem!,
      chain_pem: issuers.join(''),
      sealed_private_key: issued.privateKeyPem === undefined ? null : this.sealer.sealText(issued.privateKeyPem, keyContext(id)),
      auto_renew: issued.autoRenew ? 1 : 0,
      renewed_by: null,
      created_at: this.clock(),
    };
    await this.store.db.insertInto('acme_certificates').values(row).execute();
    return row;
  }

  async get(tenantId: string, id: string): Promise<AcmeCertificateRow | undefined> {
    return this.store.db
      .selectFrom('acme_certificates')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  privateKey(row: AcmeCertificateRow): string | undefined {
    return row.sealed_private_key ? this.sealer.openText(row.sealed_private_key, keyContext(row.id)) : undefined;
  }

  async dueForRenewal(before: number): Promise<AcmeCertificateRow[]> {
    return this.store.db
      .selectFrom('acme_certificates')
      .selectAll()
      .where('auto_renew', '=', 1)
      .where('renewed_by', 'is', null)
      .where('not_after', '<', before)
      .execute();
  }

  async markRenewed(id: string, by: string): Promise<void> {
    await this.store.db.updateTable('acme_certificates').set({ renewed_by: by }).where('id', '=', id).execute();
  }
}

/** `-----BEGIN CERTIFICATE-----...` blocks of a PEM bundle, each with its trailing newline. */
export function pemBlocks(bundle: string): string[] {
  return [...bundle.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((match) => `${match[0]}\n`);
}
