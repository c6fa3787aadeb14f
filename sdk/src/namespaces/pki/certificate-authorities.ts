// client.pki.cas: the tenant's root and intermediate CAs, their certificates and CRLs.
import { followCursor, type PageOptions } from '../../pagination.js';
import * as s from '../../response-shape.js';
import { encodeSegment } from '../../secret-path.js';
import type { CallOptions, Transport } from '../../transport/transport.js';
import { isIssuedCertificate, type IssueInput, type IssuedCertificate, type RevocationReason } from './shapes.js';

const isCertificateAuthority = s.object({
  id: s.string,
  name: s.string,
  common_name: s.optional(s.string),
  ca_type: s.optional(s.string),
  parent_ca_id: s.optional(s.string),
  key_type: s.optional(s.string),
  key_size: s.optional(s.number),
  valid_from: s.optional(s.string),
  valid_until: s.optional(s.string),
  path_length: s.optional(s.number),
  is_active: s.optional(s.boolean),
  certificates_issued: s.optional(s.number),
  revoked_at: s.optional(s.string),
  revocation_reason: s.optional(s.string),
  created_at: s.optional(s.string),
});
export type CertificateAuthority = s.ShapeOf<typeof isCertificateAuthority>;
const isCertificateAuthorityList = s.cursorList('cas', isCertificateAuthority);
export type CertificateAuthorityList = s.ShapeOf<typeof isCertificateAuthorityList>;

const isCaCertificate = s.object({ ca_id: s.optional(s.string), certificate_pem: s.string });
export type CaCertificate = s.ShapeOf<typeof isCaCertificate>;

const isRegeneratedCrl = s.object({
  ca_id: s.optional(s.string),
  crl_pem: s.string,
  crl_number: s.optional(s.number),
  this_update: s.optional(s.string),
  next_update: s.optional(s.string),
});
export type RegeneratedCrl = s.ShapeOf<typeof isRegeneratedCrl>;

export interface CertificateAuthorityInput {
  name: string;
  common_name: string;
  ca_type: 'root' | 'intermediate';
  parent_ca_id?: string;
  key_type?: 'rsa' | 'ec';
  key_size?: number;
  validity_days?: number;
  /** Intermediate CAs allowed below this one; default none below an intermediate, no limit for a root. */
  path_length?: number;
}

export class CertificateAuthoritiesNamespace {
  constructor(private readonly http: Transport) {}

  private at(id: string, suffix = ''): string {
    return `/v1/pki/ca/${encodeSegment(id)}${suffix}`;
  }

  list(options: CallOptions & PageOptions = {}): Promise<CertificateAuthorityList> {
    const query = { limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: '/v1/pki/ca', query }, isCertificateAuthorityList);
  }

  listAll(options: CallOptions & { limit?: number } = {}): AsyncGenerator<CertificateAuthority, void, undefined> {
    return followCursor('cas', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  get(id: string, options: CallOptions = {}): Promise<CertificateAuthority> {
    return this.http.json({ ...options, method: 'GET', path: this.at(id) }, isCertificateAuthority);
  }

  create(ca: CertificateAuthorityInput, options: CallOptions = {}): Promise<CertificateAuthority> {
    return this.http.json({ ...options, method: 'POST', path: '/v1/pki/ca', body: ca }, isCertificateAuthority);
  }

  /** The CA certificate: JSON with `certificate_pem`, or the DER bytes with `format: 'der'` (`Accept: application/pkix-cert`). */
  certificate(id: string, options?: CallOptions & { format?: 'pem' }): Promise<CaCertificate>;
  certificate(id: string, options: CallOptions & { format: 'der' }): Promise<Uint8Array>;
  certificate(id: string, options: CallOptions & { format?: 'pem' | 'der' } = {}): Promise<CaCertificate | Uint8Array> {
    const request = { ...options, method: 'GET' as const, path: this.at(id, '/certificate') };
    return options.format === 'der'
      ? this.http.bytes({ ...request, accept: 'application/pkix-cert' })
      : this.http.json(request, isCaCertificate);
  }

  /** Revokes the CA and every certificate under it. */
  revoke(id: string, reason: RevocationReason, options: CallOptions = {}): Promise<CertificateAuthority> {
    return this.http.json({ ...options, method: 'POST', path: this.at(id, '/revoke'), body: { reason } }, isCertificateAuthority);
  }

  /** Issues under this CA's default role (docs/api-decisions.md, "PKI"); used by `pki certs issue --ca`. */
  issue(id: string, request: IssueInput & { validity_days?: number }, options: CallOptions = {}): Promise<IssuedCertificate> {
    return this.http.json({ ...options, method: 'POST', path: this.at(id, '/issue'), body: request }, isIssuedCertificate);
  }

  /** Regenerates the CRL now. */
  regenerateCrl(id: string, options: CallOptions = {}): Promise<RegeneratedCrl> {
    return this.http.json({ ...options, method: 'POST', path: this.at(id, '/crl') }, isRegeneratedCrl);
  }

  /** The current CRL: PEM text, or DER bytes with `format: 'der'`. */
  crl(id: string, options?: CallOptions & { format?: 'pem' }): Promise<string>;
  crl(id: string, options: CallOptions & { format: 'der' }): Promise<Uint8Array>;
  crl(id: string, options: CallOptions & { format?: 'pem' | 'der' } = {}): Promise<string | Uint8Array> {
    const request = { ...options, method: 'GET' as const, path: this.at(id, '/crl') };
    return options.format === 'der'
      ? this.http.bytes({ ...request, accept: 'application/pkix-crl' })
      : this.http.text({ ...request, accept: 'application/x-pem-file' });
  }
}
