// client.pki.certificates: certificates issued by the tenant's CAs.
import { omitUndefined } from '../../omit-undefined.js';
import { followCursor, type PageOptions } from '../../pagination.js';
import * as s from '../../response-shape.js';
import { encodeSegment } from '../../secret-path.js';
import type { CallOptions, Transport } from '../../transport/transport.js';
import { isCertificateInfo, type CertificateInfo, type RevocationReason } from './shapes.js';

const isCertificateList = s.cursorList('certificates', isCertificateInfo);
export type CertificateList = s.ShapeOf<typeof isCertificateList>;

export interface ListCertificatesOptions extends CallOptions, PageOptions {
  caId?: string;
  /** Duration, e.g. `30d`. */
  expiringWithin?: string;
  includeRevoked?: boolean;
}

export class CertificatesNamespace {
  constructor(private readonly http: Transport) {}

  list(options: ListCertificatesOptions = {}): Promise<CertificateList> {
    const query = omitUndefined({
      ca_id: options.caId,
      expiring_within: options.expiringWithin,
      include_revoked: options.includeRevoked,
      limit: options.limit,
      cursor: options.cursor,
    });
    return this.http.json({ ...options, method: 'GET', path: '/v1/pki/certificates', query }, isCertificateList);
  }

  listAll(options: Omit<ListCertificatesOptions, 'cursor'> = {}): AsyncGenerator<CertificateInfo, void, undefined> {
    return followCursor('certificates', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  get(id: string, options: CallOptions = {}): Promise<CertificateInfo> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/pki/certificates/${encodeSegment(id)}` }, isCertificateInfo);
  }

  /** The certificate alone, as PEM text. */
  pem(id: string, options: CallOptions = {}): Promise<string> {
    return this.http.text({
      ...options,
      method: 'GET',
      path: `/v1/pki/certificates/${encodeSegment(id)}/pem`,
      accept: 'application/x-pem-file',
    });
  }

  revoke(id: string, reason: RevocationReason, options: CallOptions = {}): Promise<CertificateInfo> {
    return this.http.json(
      { ...options, method: 'POST', path: `/v1/pki/certificates/${encodeSegment(id)}/revoke`, body: { reason } },
      isCertificateInfo,
    );
  }
}
