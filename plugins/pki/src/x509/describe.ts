// `pki inspect`: a certificate, CSR or CRL described for people (and --json), from PEM or DER.
// Loaded lazily: it pulls in the ASN.1 schemas.
import { createHash } from 'node:crypto';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  BasicConstraints,
  Certificate,
  CertificateList,
  CRLNumber,
  CRLReason,
  ExtendedKeyUsage,
  Extensions,
  KeyUsage,
  type Name,
  SubjectAlternativeName,
  type SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';
import { createPublicKey } from 'node:crypto';
import { EKU_NAMES as EKU, KEY_USAGE_NAMES, REVOCATION_REASONS, type Described } from './names.js';

export type { Described };

const SHORT: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

export function nameText(name: Name): string {
  return [...name].map((rdn) => [...rdn].map((a) => `${SHORT[a.type] ?? a.type}=${a.value.toString()}`).join('+')).join(', ');
}

function hexColons(bytes: Uint8Array): string {
  let view = Buffer.from(bytes);
  while (view.length > 1 && view[0] === 0) view = view.subarray(1);
  return [...view].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function keyText(spki: SubjectPublicKeyInfo): string {
  try {
    const key = createPublicKey({ key: Buffer.from(AsnConvert.serialize(spki)), format: 'der', type: 'spki' });
    const details = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === 'rsa') return `RSA ${details.modulusLength} bits`;
    if (key.asymmetricKeyType === 'ec')
      return `EC ${({ prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' } as Record<string, string>)[details.namedCurve ?? ''] ?? details.namedCurve}`;
    return key.asymmetricKeyType ?? 'unknown';
  } catch {
    return spki.algorithm.algorithm;
  }
}

interface ExtensionFacts {
  dns_names: string[];
  ip_addresses: string[];
  is_ca: boolean | undefined;
  path_length: number | undefined;
  key_usage: string[];
  extended_key_usage: string[];
  other_extensions: string[];
}

function extensionFacts(extensions: Extensions | undefined): ExtensionFacts {
  const facts: ExtensionFacts = {
    dns_names: [],
    ip_addresses: [],
    is_ca: undefined,
    path_length: undefined,
    key_usage: [],
    extended_key_usage: [],
    other_extensions: [],
  };
  for (const extension of extensions ?? []) {
    const value = extension.extnValue.buffer;
    switch (extension.extnID) {
      case '2.5.29.17':
        for (const name of AsnConvert.parse(value, SubjectAlternativeName)) {
          if (name.dNSName !== undefined) facts.dns_names.push(name.dNSName);
          else if (name.iPAddress !== undefined) facts.ip_addresses.push(name.iPAddress);
        }
        break;
      case '2.5.29.19': {
        const constraints = AsnConvert.parse(value, BasicConstraints);
        facts.is_ca = constraints.cA;
        facts.path_length = constraints.pathLenConstraint;
        break;
      }
      case '2.5.29.15': {
        const flags = AsnConvert.parse(value, KeyUsage).toNumber();
        facts.key_usage = KEY_USAGE_NAMES.filter((_, bit) => (flags & (1 << bit)) !== 0);
        break;
      }
      case '2.5.29.37':
        facts.extended_key_usage = [...AsnConvert.parse(value, ExtendedKeyUsage)].map((oid) => EKU[oid] ?? oid);
        break;
      default:
        facts.other_extensions.push(extension.extnID);
    }
  }
  return facts;
}

/** The schema-based describer: the reference the fast path (describe-certificate.ts) is tested against. */
export function describeCertificate(der: Buffer, now: Date): Described {
  const certificate = AsnConvert.parse(der, Certificate);
  const tbs = certificate.tbsCertificate;
  const notBefore = tbs.validity.notBefore.getTime();
  const notAfter = tbs.validity.notAfter.getTime();
  const facts = extensionFacts(tbs.extensions);
  return {
    kind: 'certificate',
    subject: nameText(tbs.subject),
    issuer: nameText(tbs.issuer),
    serial_number: hexColons(new Uint8Array(tbs.serialNumber)),
    not_before: notBefore.toISOString(),
    not_after: notAfter.toISOString(),
    days_left: Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000),
    expired: now > notAfter,
    key: keyText(tbs.subjectPublicKeyInfo),
    signature_algorithm: certificate.signatureAlgorithm.algorithm,
    ...facts,
    self_signed: nameText(tbs.subject) === nameText(tbs.issuer),
    fingerprint_sha256: createHash('sha256').update(der).digest('hex').match(/../g)!.join(':'),
    fingerprint_sha1: createHash('sha1').update(der).digest('hex').match(/../g)!.join(':'),
  };
}

export function describeCsr(der: Buffer): Described {
  const csr = AsnConvert.parse(der, CertificationRequest);
  const info = csr.certificationRequestInfo;
  let extensions: Extensions | undefined;
  for (const attribute of info.attributes) {
    if (attribute.type === '1.2.840.113549.1.9.14' && attribute.values[0]) extensions = AsnConvert.parse(attribute.values[0], Extensions);
  }
  const facts = extensionFacts(extensions);
  return {
    kind: 'certificate_request',
    subject: nameText(info.subject),
    key: keyText(info.subjectPKInfo),
    signature_algorithm: csr.signatureAlgorithm.algorithm,
    ...facts,
  };
}

export function describeCrl(der: Buffer, now: Date): Described {
  const crl = AsnConvert.parse(der, CertificateList);
  const tbs = crl.tbsCertList;
  let crlNumber: number | undefined;
  for (const extension of tbs.crlExtensions ?? [])
    if (extension.extnID === '2.5.29.20') crlNumber = AsnConvert.parse(extension.extnValue.buffer, CRLNumber).value;
  const nextUpdate = tbs.nextUpdate?.getTime();
  return {
    kind: 'crl',
    issuer: nameText(tbs.issuer),
    crl_number: crlNumber,
    this_update: tbs.thisUpdate.getTime().toISOString(),
    next_update: nextUpdate?.toISOString(),
    stale: nextUpdate !== undefined && now > nextUpdate,
    revoked: (tbs.revokedCertificates ?? []).map((entry) => {
      const reason = entry.crlEntryExtensions?.find((extension) => extension.extnID === '2.5.29.21');
      return {
        serial_number: hexColons(new Uint8Array(entry.userCertificate)),
        revoked_at: entry.revocationDate.getTime().toISOString(),
        reason: reason ? REVOCATION_REASONS[AsnConvert.parse(reason.extnValue.buffer, CRLReason).reason] : 'unspecified',
      };
    }),
  };
}
