// End-entity certificates: `issue` (the server makes the key pair) and `sign` (the caller's CSR).
// Both go through the role check and get the same fixed set of extensions.
import type { KeyObject } from 'node:crypto';
import { buildName } from './distinguished-names.js';
import { signCertificate, spkiFromDer } from './certificate-signing.js';
import { parseCsr, type ParsedCsr } from './certificate-requests.js';
import {
  authorityInformationAccess,
  authorityKeyIdentifier,
  basicConstraints,
  crlDistributionPoints,
  extendedKeyUsage,
  keyIdentifierOf,
  leafKeyUsage,
  subjectAlternativeName,
  subjectKeyIdentifier,
} from './extensions.js';
import { describeKey, exportPrivateKeyPem, generateKeyPair, subjectPublicKeyInfoDer } from './key-pairs.js';
import { toPem } from './pem.js';
import { authorizeLeaf, checkCsrKey, issuedKeySpec, type AuthorizedLeaf, type LeafRequest, type PkiRolePolicy } from './pki-roles.js';
import { PkiValidationError } from './pki-validation-error.js';
import { formatSerialNumber, newSerialNumber } from './serial-numbers.js';
import type { SigningCa } from './signing-ca.js';
import { notBeforeFor } from './validity.js';

export interface LeafCertificate {
  certificateDer: Buffer;
  certificatePem: string;
  /** `3a:4f:…` */
  serialNumber: string;
  commonName: string | undefined;
  dnsNames: string[];
  ipAddresses: string[];
  notBefore: Date;
  notAfter: Date;
}

export interface IssuedLeaf extends LeafCertificate {
  /** PKCS#8 PEM. Returned once; the caller decides (by `store_private_keys`) whether it is kept. */
  privateKeyPem: string;
}

function signLeaf(ca: SigningCa, role: PkiRolePolicy, authorized: AuthorizedLeaf, publicKey: KeyObject, now: Date): LeafCertificate {
  if (!ca.certificate.canSignCertificates) {
    throw new PkiValidationError(
      'validation_error',
      'ca_id',
      ca.certificate.subjectText,
      `the CA (${ca.certificate.subjectText}) is not allowed to sign certificates`,
    );
  }
  const spki = subjectPublicKeyInfoDer(publicKey);
  const keyType = describeKey(publicKey)?.keyType ?? 'ec';
  const extensions = [
    basicConstraints(false),
    leafKeyUsage(keyType),
    extendedKeyUsage(role.extKeyUsage),
    subjectKeyIdentifier(keyIdentifierOf(spkiFromDer(spki))),
    authorityKeyIdentifier(ca.certificate.subjectKeyId),
    subjectAlternativeName(authorized.dnsNames, authorized.ipAddresses, authorized.commonName === undefined),
  ];
  if (ca.urls) extensions.push(crlDistributionPoints(ca.urls.crl), authorityInformationAccess(ca.urls));
  const serial = newSerialNumber();
  const notBefore = notBeforeFor(now, ca.certificate.notBefore);
  const der = signCertificate(
    {
      serialNumber: serial,
      issuer: ca.certificate.subject,
      subject: buildName(authorized.commonName === undefined ? {} : { commonName: authorized.commonName }),
      notBefore,
      notAfter: authorized.notAfter,
      subjectPublicKeyInfo: spki,
      extensions,
    },
    ca.privateKey,
  );
  return {
    certificateDer: der,
    certificatePem: toPem(der, 'CERTIFICATE'),
    serialNumber: formatSerialNumber(serial),
    commonName: authorized.commonName,
    dnsNames: authorized.dnsNames,
    ipAddresses: authorized.ipAddresses,
    notBefore,
    notAfter: authorized.notAfter,
  };
}

function checkCaUsable(ca: SigningCa, now: Date): void {
  if (now.getTime() > ca.certificate.notAfter.getTime()) {
    throw new PkiValidationError(
      'validation_error',
      'ca_id',
      ca.certificate.subjectText,
      `the CA (${ca.certificate.subjectText}) expired at ${ca.certificate.notAfter.toISOString()}`,
    );
  }
}

/** `POST /v1/pki/issue/{role}`: checks the request, makes a key pair of the role's shape, signs. */
export async function issueLeaf(ca: SigningCa, role: PkiRolePolicy, request: LeafRequest, now = new Date()): Promise<IssuedLeaf> {
  checkCaUsable(ca, now);
  const authorized = authorizeLeaf(role, request, { now, issuerNotAfter: ca.certificate.notAfter });
  const keys = await generateKeyPair(issuedKeySpec(role));
  return { ...signLeaf(ca, role, authorized, keys.publicKey, now), privateKeyPem: exportPrivateKeyPem(keys.privateKey) };
}

export interface SignCsrRequest {
  csrPem: string | Uint8Array;
  ttl?: string;
  /** Replaces the CSR's DNS SANs when given. */
  altNames?: readonly string[];
  ipSans?: readonly string[];
  /** Replaces the CSR's CN when given. */
  commonName?: string;
}

/**
 * `POST /v1/pki/sign/{role}` and the CSR workflow's sign: verifies the CSR, takes its CN and SANs
 * (or the caller's override) through the role, and signs its key with this CA's own extensions.
 */
export function signCsr(
  ca: SigningCa,
  role: PkiRolePolicy,
  request: SignCsrRequest,
  now = new Date(),
): LeafCertificate & { csr: ParsedCsr } {
  checkCaUsable(ca, now);
  const csr = parseCsr(request.csrPem);
  checkCsrKey(role, csr.key);
  const leafRequest: LeafRequest = {
    altNames: request.altNames ?? csr.requestedDnsNames,
    ipSans: request.ipSans ?? csr.requestedIpAddresses,
  };
  const commonName = request.commonName ?? csr.commonName;
  if (commonName !== undefined) leafRequest.commonName = commonName;
  if (request.ttl !== undefined) leafRequest.ttl = request.ttl;
  const authorized = authorizeLeaf(role, leafRequest, { now, issuerNotAfter: ca.certificate.notAfter });
  return { ...signLeaf(ca, role, authorized, csr.publicKey, now), csr };
}

export { parseCsr };
