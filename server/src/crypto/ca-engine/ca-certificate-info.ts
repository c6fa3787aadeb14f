// What the engine needs to know about a CA certificate to sign under it: its subject (copied
// byte for byte into the issuer field), its key id, validity window and path-length limit.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { BasicConstraints, Certificate, KeyUsage, KeyUsageFlags, type Name, SubjectKeyIdentifier } from '@peculiar/asn1-x509';
import { nameToString } from './distinguished-names.js';
import { EXTENSION_OIDS, keyIdentifierOf } from './extensions.js';
import { formatSerialNumber } from './serial-numbers.js';

export interface CaCertificateInfo {
  der: Buffer;
  subject: Name;
  subjectText: string;
  subjectKeyId: Buffer;
  publicKey: KeyObject;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  /** undefined = no limit. */
  pathLength: number | undefined;
  canSignCertificates: boolean;
}

export function readCaCertificate(der: Buffer): CaCertificateInfo {
  const certificate = AsnConvert.parse(der, Certificate);
  const tbs = certificate.tbsCertificate;
  const extensions = [...(tbs.extensions ?? [])];
  const find = (oid: string) => extensions.find((extension) => extension.extnID === oid)?.extnValue.buffer;
  const constraintsDer = find(EXTENSION_OIDS.basicConstraints);
  const constraints = constraintsDer ? AsnConvert.parse(constraintsDer, BasicConstraints) : new BasicConstraints({ cA: false });
  const keyIdDer = find(EXTENSION_OIDS.subjectKeyIdentifier);
  const usageDer = find(EXTENSION_OIDS.keyUsage);
  // No keyUsage extension at all means every usage is allowed (RFC 5280 §4.2.1.3).
  const canSign = usageDer === undefined || (AsnConvert.parse(usageDer, KeyUsage).toNumber() & KeyUsageFlags.keyCertSign) !== 0;
  const spkiDer = Buffer.from(AsnConvert.serialize(tbs.subjectPublicKeyInfo));
  return {
    der,
    subject: tbs.subject,
    subjectText: nameToString(tbs.subject),
    subjectKeyId: keyIdDer
      ? Buffer.from(AsnConvert.parse(keyIdDer, SubjectKeyIdentifier).buffer)
      : keyIdentifierOf(tbs.subjectPublicKeyInfo),
    publicKey: createPublicKey({ key: spkiDer, format: 'der', type: 'spki' }),
    serialNumber: formatSerialNumber(new Uint8Array(tbs.serialNumber)),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    isCa: constraints.cA,
    pathLength: constraints.pathLenConstraint,
    canSignCertificates: constraints.cA && canSign,
  };
}
