// Opening a CA's sealed key: done per request, never written anywhere in the clear. The opened
// KeyObject is kept in memory per CA (a CA's key and certificate never change), so issuing does not
// pay an AES-GCM open and a PKCS#8 parse each time.
import type { SealedBox } from '../crypto/sealed-box.js';
import { importPrivateKeyPem, revocationUrlsFor, signingCa, type SigningCa } from '../crypto/ca-engine/index.js';
import type { PkiCasTable } from './pki-tables.js';

export function caKeyContext(tenantId: string, caId: string): string {
  return `pki-ca:${tenantId}:${caId}`;
}

export function certificateKeyContext(tenantId: string, certificateId: string): string {
  return `pki-cert-key:${tenantId}:${certificateId}`;
}

type CaKeyRow = Pick<PkiCasTable, 'id' | 'tenant_id' | 'certificate_der' | 'key_nonce' | 'key_ciphertext'>;

export class SigningKeys {
  private readonly opened = new Map<string, SigningCa>();

  constructor(
    private readonly sealer: SealedBox,
    /** The server's public origin, read when first needed (it is known once the server listens). */
    private readonly publicUrl: () => string,
  ) {}

  /** The CA ready to sign, with the CRL and OCSP URLs of this server. */
  signingCa(row: CaKeyRow): SigningCa {
    let ca = this.opened.get(row.id);
    if (!ca) {
      const pem = this.sealer
        .open({ nonce: Buffer.from(row.key_nonce), ciphertext: Buffer.from(row.key_ciphertext) }, caKeyContext(row.tenant_id, row.id))
        .toString('utf8');
      ca = signingCa(Buffer.from(row.certificate_der), importPrivateKeyPem(pem).privateKey, revocationUrlsFor(this.publicUrl(), row.id));
      this.opened.set(row.id, ca);
    }
    return ca;
  }
}
