// client.pki.csrs: the review workflow for CSRs whose keys stay with the requester
// (submit → approve or reject → sign).
import { omitUndefined } from '../../omit-undefined.js';
import { followCursor, type PageOptions } from '../../pagination.js';
import * as s from '../../response-shape.js';
import { encodeSegment } from '../../secret-path.js';
import type { CallOptions, Transport } from '../../transport/transport.js';
import { isIssuedCertificate, type IssuedCertificate } from './shapes.js';

export type CsrStatus = 'pending' | 'approved' | 'rejected' | 'signed';

const isCertificateRequest = s.object({
  id: s.string,
  status: s.string,
  common_name: s.optional(s.string),
  alt_names: s.optional(s.stringArray),
  requested_by: s.optional(s.string),
  comment: s.optional(s.string),
  created_at: s.optional(s.string),
  reviewed_by: s.optional(s.string),
  reviewed_at: s.optional(s.string),
  certificate_id: s.optional(s.string),
});
export type CertificateRequest = s.ShapeOf<typeof isCertificateRequest>;
const isCertificateRequestList = s.cursorList('csrs', isCertificateRequest);
export type CertificateRequestList = s.ShapeOf<typeof isCertificateRequestList>;

export interface ListCertificateRequestsOptions extends CallOptions, PageOptions {
  status?: CsrStatus;
}

export class CertificateRequestsNamespace {
  constructor(private readonly http: Transport) {}

  private at(id: string, suffix = ''): string {
    return `/v1/pki/csr/${encodeSegment(id)}${suffix}`;
  }

  submit(csrPem: string, options: CallOptions & { comment?: string } = {}): Promise<CertificateRequest> {
    const body = omitUndefined({ csr_pem: csrPem, comment: options.comment });
    return this.http.json({ ...options, method: 'POST', path: '/v1/pki/csr', body }, isCertificateRequest);
  }

  list(options: ListCertificateRequestsOptions = {}): Promise<CertificateRequestList> {
    const query = { status: options.status, limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: '/v1/pki/csr', query }, isCertificateRequestList);
  }

  listAll(options: Omit<ListCertificateRequestsOptions, 'cursor'> = {}): AsyncGenerator<CertificateRequest, void, undefined> {
    return followCursor('csrs', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  get(id: string, options: CallOptions = {}): Promise<CertificateRequest> {
    return this.http.json({ ...options, method: 'GET', path: this.at(id) }, isCertificateRequest);
  }

  approve(id: string, options: CallOptions = {}): Promise<CertificateRequest> {
    return this.http.json({ ...options, method: 'POST', path: this.at(id, '/approve') }, isCertificateRequest);
  }

  reject(id: string, options: CallOptions & { reason?: string } = {}): Promise<CertificateRequest> {
    const body = omitUndefined({ reason: options.reason });
    return this.http.json({ ...options, method: 'POST', path: this.at(id, '/reject'), body }, isCertificateRequest);
  }

  /** Signs an approved CSR with the given CA. */
  sign(id: string, request: { ca_id: string; validity_days?: number }, options: CallOptions = {}): Promise<IssuedCertificate> {
    return this.http.json({ ...options, method: 'POST', path: this.at(id, '/sign'), body: request }, isIssuedCertificate);
  }
}
