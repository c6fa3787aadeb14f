// External CA certificates the tenant trusts (another PKI's roots), kept as PEM with their fingerprint.
import { createHash } from 'node:crypto';
import type { Store } from '../storage/store.js';
import type { Clock } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { conflict } from '../http/api-error.js';
import { derFrom, readCaCertificate, toPem, type CaCertificateInfo } from '../crypto/ca-engine/index.js';
import { refuse, trustAnchorNotFound } from './pki-errors.js';
import type { TrustAnchorRow } from './pki-views.js';

export class TrustAnchors {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async add(tenantId: string, name: string, certificatePem: string): Promise<TrustAnchorRow> {
    const der = derFrom(certificatePem, 'CERTIFICATE');
    if (der === undefined) throw refuse('certificate_pem', undefined, 'certificate_pem holds no PEM CERTIFICATE');
    let info: CaCertificateInfo;
    try {
      info = readCaCertificate(der);
    } catch {
      throw refuse('certificate_pem', undefined, 'certificate_pem is not a well-formed X.509 certificate');
    }
    if (!info.isCa)
      throw refuse(
        'certificate_pem',
        info.subjectText,
        `certificate_pem (${info.subjectText}) is not a CA certificate (basicConstraints CA:FALSE)`,
      );
    const row = {
      id: newId('ta'),
      tenant_id: tenantId,
      name,
      subject: info.subjectText,
      fingerprint_sha256: createHash('sha256').update(der).digest('hex').match(/../g)!.join(':'),
      certificate_pem: toPem(der, 'CERTIFICATE'),
      not_after: info.notAfter.getTime(),
      created_at: this.clock(),
    };
    try {
      await this.store.db.insertInto('pki_trust_anchors').values(row).execute();
    } catch (error) {
      if (this.store.isUniqueViolation(error))
        throw conflict('trust_anchor_exists', `A trust anchor named '${name}' already exists`, { name });
      throw error;
    }
    return this.get(tenantId, row.id);
  }

  list(tenantId: string): Promise<TrustAnchorRow[]> {
    return this.store.db.selectFrom('pki_trust_anchors').selectAll().where('tenant_id', '=', tenantId).orderBy('seq').execute();
  }

  async get(tenantId: string, id: string): Promise<TrustAnchorRow> {
    const row = await this.store.db.selectFrom('pki_trust_anchors').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.tenant_id !== tenantId) throw trustAnchorNotFound(id);
    return row;
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.get(tenantId, id);
    await this.store.db.deleteFrom('pki_trust_anchors').where('id', '=', id).execute();
  }
}
