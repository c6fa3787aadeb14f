// Certificate revocation lists (RFC 5280 §5): v2, signed by the CA, with a CRL number, the next
// update time, and a reason code on every entry that has one (an `unspecified` reason is left out,
// as §5.3.1 asks).
import { sign } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  CertificateList,
  CRLNumber,
  CRLReason,
  Extension,
  KeyIdentifier,
  RevokedCertificate,
  TBSCertList,
  Time,
  Version,
} from '@peculiar/asn1-x509';
import { arrayBufferOf } from './array-buffers.js';
import { EXTENSION_OIDS } from './extensions.js';
import { toPem } from './pem.js';
import { revocationReasonCode, type RevocationReason } from './revocation-reasons.js';
import { parseSerialNumber } from './serial-numbers.js';
import { signingAlgorithmFor } from './signature-algorithms.js';
import type { SigningCa } from './signing-ca.js';

export interface RevokedEntry {
  /** `3a:4f:…` as the engine formats serials. */
  serialNumber: string;
  revokedAt: Date;
  reason: RevocationReason;
}

export interface CrlRequest {
  /** Monotonic per CA: the caller stores and increments it. */
  crlNumber: number;
  thisUpdate: Date;
  nextUpdate: Date;
  entries: readonly RevokedEntry[];
}

export interface BuiltCrl {
  der: Buffer;
  pem: string;
  crlNumber: number;
  thisUpdate: Date;
  nextUpdate: Date;
}

/** How long a CRL is good for by default; the server regenerates it well before then. */
export const DEFAULT_CRL_LIFETIME_SECONDS = 24 * 3600;

function extension(extnID: string, value: object): Extension {
  return new Extension({ extnID, critical: false, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

export function buildCrl(ca: SigningCa, request: CrlRequest): BuiltCrl {
  if (!Number.isSafeInteger(request.crlNumber) || request.crlNumber < 0) throw new Error('a CRL number is a non-negative integer');
  if (request.nextUpdate <= request.thisUpdate) throw new Error('a CRL must have its next update after this update');
  const algorithm = signingAlgorithmFor(ca.privateKey);
  const revoked = request.entries.map((entry) => {
    const serial = parseSerialNumber(entry.serialNumber);
    if (!serial) throw new Error(`not a serial number: ${entry.serialNumber}`);
    const item = new RevokedCertificate({ userCertificate: arrayBufferOf(serial), revocationDate: new Time(entry.revokedAt) });
    const code = revocationReasonCode(entry.reason);
    if (code !== 0) item.crlEntryExtensions = [extension(EXTENSION_OIDS.crlReason, new CRLReason(code))];
    return item;
  });
  const tbs = new TBSCertList({
    version: Version.v2,
    signature: algorithm.identifier,
    issuer: ca.certificate.subject,
    thisUpdate: new Time(request.thisUpdate),
    nextUpdate: new Time(request.nextUpdate),
    crlExtensions: [
      extension(
        EXTENSION_OIDS.authorityKeyIdentifier,
        new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(ca.certificate.subjectKeyId) }),
      ),
      extension(EXTENSION_OIDS.crlNumber, new CRLNumber(request.crlNumber)),
    ],
  });
  // An empty revokedCertificates SEQUENCE is not allowed: the field is absent when nothing is revoked.
  if (revoked.length > 0) tbs.revokedCertificates = revoked;
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = sign(algorithm.digest, tbsDer, ca.privateKey);
  const der = Buffer.from(
    AsnConvert.serialize(
      new CertificateList({ tbsCertList: tbs, signatureAlgorithm: algorithm.identifier, signature: arrayBufferOf(signature) }),
    ),
  );
  return { der, pem: toPem(der, 'X509 CRL'), crlNumber: request.crlNumber, thisUpdate: request.thisUpdate, nextUpdate: request.nextUpdate };
}
