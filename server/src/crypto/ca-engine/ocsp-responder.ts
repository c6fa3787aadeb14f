// The core of an RFC 6960 OCSP responder for one CA: parse a request, look each serial up through
// the caller, and answer with a BasicOCSPResponse signed by the CA key itself (so no delegated
// responder certificate is needed; the CA certificate is included so clients can find the signer).
import { createHash, sign } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  BasicOCSPResponse,
  CertID,
  CertStatus,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
  KeyHash,
} from '@peculiar/asn1-ocsp';
import { Certificate, CRLReason, Extension } from '@peculiar/asn1-x509';
import { arrayBufferOf } from './array-buffers.js';
import { revocationReasonCode, type RevocationReason } from './revocation-reasons.js';
import { formatSerialNumber } from './serial-numbers.js';
import { signingAlgorithmFor } from './signature-algorithms.js';
import type { SigningCa } from './signing-ca.js';

export type OcspCertificateStatus =
  { status: 'good' } | { status: 'revoked'; revokedAt: Date; reason: RevocationReason } | { status: 'unknown' };

/** Looks one serial (`3a:4f:…`) of this CA up; `unknown` for a serial the CA never issued. */
export type OcspLookup = (serialNumber: string) => OcspCertificateStatus | Promise<OcspCertificateStatus>;

export interface OcspAnswer {
  der: Buffer;
  /** What each requested serial was answered with, for logs and tests. */
  statuses: { serialNumber: string; status: OcspCertificateStatus['status'] }[];
}

const HASHES: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** How long an answer may be cached by the client. */
export const DEFAULT_OCSP_VALIDITY_SECONDS = 3600;
const MAX_REQUEST_BYTES = 16 * 1024;
const MAX_SERIALS_PER_REQUEST = 20;

function statusOnly(status: OCSPResponseStatus): Buffer {
  return Buffer.from(AsnConvert.serialize(new OCSPResponse({ responseStatus: status })));
}

/** A GET request carries the DER request base64- and then URL-encoded in the last path segment. */
export function ocspRequestFromGetPath(segment: string): Buffer | undefined {
  try {
    const base64 = decodeURIComponent(segment);
    if (!/^[A-Za-z0-9+/=_-]+$/.test(base64)) return undefined;
    return Buffer.from(base64.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  } catch {
    return undefined;
  }
}

function digest(algorithm: string, data: Uint8Array): Buffer {
  return createHash(algorithm).update(data).digest();
}

export async function answerOcspRequest(
  ca: SigningCa,
  requestDer: Uint8Array,
  lookup: OcspLookup,
  options: { now?: Date; validitySeconds?: number } = {},
): Promise<OcspAnswer> {
  if (requestDer.byteLength === 0 || requestDer.byteLength > MAX_REQUEST_BYTES)
    return { der: statusOnly(OCSPResponseStatus.malformedRequest), statuses: [] };
  let request: OCSPRequest;
  try {
    request = AsnConvert.parse(requestDer, OCSPRequest);
  } catch {
    return { der: statusOnly(OCSPResponseStatus.malformedRequest), statuses: [] };
  }
  const items = request.tbsRequest.requestList;
  if (items.length === 0 || items.length > MAX_SERIALS_PER_REQUEST)
    return { der: statusOnly(OCSPResponseStatus.malformedRequest), statuses: [] };

  const now = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000);
  const nextUpdate = new Date(now.getTime() + (options.validitySeconds ?? DEFAULT_OCSP_VALIDITY_SECONDS) * 1000);
  const caCertificate = AsnConvert.parse(ca.certificate.der, Certificate);
  const issuerNameDer = Buffer.from(AsnConvert.serialize(caCertificate.tbsCertificate.subject));
  const issuerKeyBits = new Uint8Array(caCertificate.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);

  const statuses: OcspAnswer['statuses'] = [];
  const responses: SingleResponse[] = [];
  for (const item of items) {
    const certId = item.reqCert;
    const serialNumber = formatSerialNumber(new Uint8Array(certId.serialNumber));
    const hash = HASHES[certId.hashAlgorithm.algorithm];
    // A CertID for another issuer (or hashed with something unknown) is answered `unknown`, never guessed.
    const forThisCa =
      hash !== undefined &&
      digest(hash, issuerNameDer).equals(Buffer.from(certId.issuerNameHash.buffer)) &&
      digest(hash, issuerKeyBits).equals(Buffer.from(certId.issuerKeyHash.buffer));
    const found: OcspCertificateStatus = forThisCa ? await lookup(serialNumber) : { status: 'unknown' };
    statuses.push({ serialNumber, status: found.status });
    const certStatus =
      found.status === 'good'
        ? new CertStatus({ good: null })
        : found.status === 'revoked'
          ? new CertStatus({ revoked: revokedInfo(found.revokedAt, found.reason) })
          : new CertStatus({ unknown: null });
    responses.push(new SingleResponse({ certID: new CertID(certId), certStatus, thisUpdate: now, nextUpdate }));
  }

  const nonce = request.tbsRequest.requestExtensions?.find((extension) => extension.extnID === id_pkix_ocsp_nonce);
  const data = new ResponseData({
    responderID: new ResponderID({ byKey: new KeyHash(digest('sha1', issuerKeyBits)) }),
    producedAt: now,
    responses,
  });
  if (nonce)
    data.responseExtensions = [
      new Extension({ extnID: id_pkix_ocsp_nonce, critical: false, extnValue: new OctetString(nonce.extnValue.buffer) }),
    ];
  const algorithm = signingAlgorithmFor(ca.privateKey);
  const dataDer = Buffer.from(AsnConvert.serialize(data));
  const basic = new BasicOCSPResponse({
    tbsResponseData: data,
    signatureAlgorithm: algorithm.identifier,
    signature: arrayBufferOf(sign(algorithm.digest, dataDer, ca.privateKey)),
    certs: [caCertificate],
  });
  const response = new OCSPResponse({
    responseStatus: OCSPResponseStatus.successful,
    responseBytes: new ResponseBytes({ responseType: id_pkix_ocsp_basic, response: new OctetString(AsnConvert.serialize(basic)) }),
  });
  return { der: Buffer.from(AsnConvert.serialize(response)), statuses };
}

function revokedInfo(revokedAt: Date, reason: RevocationReason): RevokedInfo {
  const info = new RevokedInfo({ revocationTime: new Date(Math.floor(revokedAt.getTime() / 1000) * 1000) });
  const code = revocationReasonCode(reason);
  if (code !== 0) info.revocationReason = new CRLReason(code);
  return info;
}

/** The answer for a CA this responder does not serve (RFC 6960 §2.3 `unauthorized`). */
export function ocspUnauthorized(): Buffer {
  return statusOnly(OCSPResponseStatus.unauthorized);
}
