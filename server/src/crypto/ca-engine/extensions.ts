// The X.509 v3 extensions this CA writes. Every certificate gets them from here, never from a CSR:
// a CSR's requested extensions are read only for the names in them (see certificate-requests.ts).
import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AccessDescription,
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CRLDistributionPoints,
  DistributionPoint,
  DistributionPointName,
  ExtendedKeyUsage,
  Extension,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  type SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';

export const EXTENSION_OIDS = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  crlReason: '2.5.29.21',
  crlDistributionPoints: '2.5.29.31',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

const ACCESS_METHODS = { ocsp: '1.3.6.1.5.5.7.48.1', caIssuers: '1.3.6.1.5.5.7.48.2' } as const;

export const EXTENDED_KEY_USAGES = {
  server_auth: '1.3.6.1.5.5.7.3.1',
  client_auth: '1.3.6.1.5.5.7.3.2',
  code_signing: '1.3.6.1.5.5.7.3.3',
  email_protection: '1.3.6.1.5.5.7.3.4',
} as const;
export type ExtendedKeyUsageName = keyof typeof EXTENDED_KEY_USAGES;

function extension(extnID: string, critical: boolean, value: object): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bit string. */
export function keyIdentifierOf(spki: SubjectPublicKeyInfo): Buffer {
  return createHash('sha1').update(Buffer.from(spki.subjectPublicKey)).digest();
}

export function basicConstraints(isCa: boolean, pathLength?: number): Extension {
  const value = new BasicConstraints({ cA: isCa });
  if (isCa && pathLength !== undefined) value.pathLenConstraint = pathLength;
  return extension(EXTENSION_OIDS.basicConstraints, true, value);
}

export function caKeyUsage(): Extension {
  return extension(
    EXTENSION_OIDS.keyUsage,
    true,
    new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature),
  );
}

/** TLS leaves: RSA keys also encipher (RSA key exchange); EC keys only sign. */
export function leafKeyUsage(keyType: 'rsa' | 'ec'): Extension {
  const flags = keyType === 'rsa' ? KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment : KeyUsageFlags.digitalSignature;
  return extension(EXTENSION_OIDS.keyUsage, true, new KeyUsage(flags));
}

export function extendedKeyUsage(usages: readonly ExtendedKeyUsageName[]): Extension {
  return extension(EXTENSION_OIDS.extKeyUsage, false, new ExtendedKeyUsage(usages.map((usage) => EXTENDED_KEY_USAGES[usage])));
}

export function subjectKeyIdentifier(keyId: Buffer): Extension {
  return extension(EXTENSION_OIDS.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId));
}

export function authorityKeyIdentifier(issuerKeyId: Buffer): Extension {
  return extension(
    EXTENSION_OIDS.authorityKeyIdentifier,
    false,
    new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuerKeyId) }),
  );
}

/** RFC 5280 §4.2.1.6: a name-less subject needs a critical SAN, so SANs are critical when there is no CN. */
export function subjectAlternativeName(dnsNames: readonly string[], ipAddresses: readonly string[], critical = false): Extension {
  const names = [
    ...dnsNames.map((dNSName) => new GeneralName({ dNSName })),
    ...ipAddresses.map((iPAddress) => new GeneralName({ iPAddress })),
  ];
  return extension(EXTENSION_OIDS.subjectAltName, critical, new SubjectAlternativeName(names));
}

/** Where relying parties find revocation data and the issuer's certificate; see revocation-urls.ts. */
export interface RevocationUrls {
  crl: string;
  ocsp: string;
  caIssuers: string;
}

export function crlDistributionPoints(url: string): Extension {
  const point = new DistributionPoint({
    distributionPoint: new DistributionPointName({ fullName: [new GeneralName({ uniformResourceIdentifier: url })] }),
  });
  return extension(EXTENSION_OIDS.crlDistributionPoints, false, new CRLDistributionPoints([point]));
}

export function authorityInformationAccess(urls: Pick<RevocationUrls, 'ocsp' | 'caIssuers'>): Extension {
  return extension(
    EXTENSION_OIDS.authorityInfoAccess,
    false,
    new AuthorityInfoAccessSyntax([
      new AccessDescription({
        accessMethod: ACCESS_METHODS.ocsp,
        accessLocation: new GeneralName({ uniformResourceIdentifier: urls.ocsp }),
      }),
      new AccessDescription({
        accessMethod: ACCESS_METHODS.caIssuers,
        accessLocation: new GeneralName({ uniformResourceIdentifier: urls.caIssuers }),
      }),
    ]),
  );
}
