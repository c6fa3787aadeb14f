// Builds a TBSCertificate and signs it with node:crypto. The ASN.1 comes from @peculiar/asn1-x509
// schemas; the signature is one synchronous OpenSSL call (no WebCrypto promise round trips), which is
// what makes issuing several times faster than @peculiar/x509's generator (docs/architecture.md, "PKI").
import { sign, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  Certificate,
  Extensions,
  type Extension,
  type Name,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { arrayBufferOf } from './array-buffers.js';
import { signingAlgorithmFor } from './signature-algorithms.js';

export interface CertificateContents {
  serialNumber: Buffer;
  issuer: Name;
  subject: Name;
  notBefore: Date;
  notAfter: Date;
  subjectPublicKeyInfo: Buffer;
  extensions: Extension[];
}

export function spkiFromDer(der: Buffer): SubjectPublicKeyInfo {
  return AsnConvert.parse(der, SubjectPublicKeyInfo);
}

/** The signed certificate, DER. */
export function signCertificate(contents: CertificateContents, issuerKey: KeyObject): Buffer {
  const algorithm = signingAlgorithmFor(issuerKey);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: arrayBufferOf(contents.serialNumber),
    signature: algorithm.identifier,
    issuer: contents.issuer,
    subject: contents.subject,
    validity: new Validity({ notBefore: contents.notBefore, notAfter: contents.notAfter }),
    subjectPublicKeyInfo: spkiFromDer(contents.subjectPublicKeyInfo),
    extensions: new Extensions(contents.extensions),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = sign(algorithm.digest, tbsDer, issuerKey);
  const certificate = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: algorithm.identifier,
    signatureValue: arrayBufferOf(signature),
  });
  return Buffer.from(AsnConvert.serialize(certificate));
}
