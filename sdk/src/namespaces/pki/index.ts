// client.pki: internal CAs, roles, issuing and signing, certificates, CSRs, trust anchors, ACME and
// DNS providers. Routes: 30-pki-dynamic.md §1–4; docs/api-decisions.md "PKI".
import { encodeSegment } from '../../secret-path.js';
import type { CallOptions, Transport } from '../../transport/transport.js';
import { AcmeNamespace } from './acme.js';
import { CertificateAuthoritiesNamespace } from './certificate-authorities.js';
import { CertificateRequestsNamespace } from './certificate-requests.js';
import { CertificatesNamespace } from './certificates.js';
import { DnsProvidersNamespace } from './dns-providers.js';
import { PkiRolesNamespace } from './roles.js';
import { isIssuedCertificate, type IssueInput, type IssuedCertificate, type SignInput } from './shapes.js';
import { TrustAnchorsNamespace } from './trust-anchors.js';

export class PkiNamespace {
  readonly cas: CertificateAuthoritiesNamespace;
  readonly roles: PkiRolesNamespace;
  readonly certificates: CertificatesNamespace;
  readonly csrs: CertificateRequestsNamespace;
  readonly trustAnchors: TrustAnchorsNamespace;
  readonly acme: AcmeNamespace;
  readonly dnsProviders: DnsProvidersNamespace;

  constructor(private readonly http: Transport) {
    this.cas = new CertificateAuthoritiesNamespace(http);
    this.roles = new PkiRolesNamespace(http);
    this.certificates = new CertificatesNamespace(http);
    this.csrs = new CertificateRequestsNamespace(http);
    this.trustAnchors = new TrustAnchorsNamespace(http);
    this.acme = new AcmeNamespace(http);
    this.dnsProviders = new DnsProvidersNamespace(http);
  }

  /** Issues a certificate and a new key pair under a role. The private key is returned only here. */
  issue(role: string, request: IssueInput, options: CallOptions = {}): Promise<IssuedCertificate> {
    return this.http.json({ ...options, method: 'POST', path: `/v1/pki/issue/${encodeSegment(role)}`, body: request }, isIssuedCertificate);
  }

  /** Signs a CSR under a role straight away (no approval step); the key never leaves the caller. */
  sign(role: string, request: SignInput, options: CallOptions = {}): Promise<IssuedCertificate> {
    return this.http.json({ ...options, method: 'POST', path: `/v1/pki/sign/${encodeSegment(role)}`, body: request }, isIssuedCertificate);
  }
}

export type { IssueInput, IssuedCertificate, CertificateInfo, RevocationReason, SignInput } from './shapes.js';
