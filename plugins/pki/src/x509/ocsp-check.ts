// `pki verify --ocsp`: asks the leaf's OCSP responder (its AIA URL) whether it is revoked, and
// trusts the answer only when the issuer signed it (directly, or through a responder certificate the
// issuer issued for OCSP signing), it names our serial, and it is current. Loaded lazily.
import { createHash, randomBytes, verify as verifySignature, X509Certificate } from 'node:crypto';
import {
  BasicOCSPResponse,
  CertID,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  Request,
  TBSRequest,
} from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, AuthorityInfoAccessSyntax, Certificate, ExtendedKeyUsage, Extension } from '@peculiar/asn1-x509';
import { REVOCATION_REASONS, SIGNATURE_DIGESTS } from './names.js';

const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const TIMEOUT_MS = 10_000;

function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}

/** The OCSP URL in a certificate's Authority Information Access extension, if any. */
export function ocspUrlOf(certificateDer: Buffer): string | undefined {
  const certificate = AsnConvert.parse(certificateDer, Certificate);
  const aia = certificate.tbsCertificate.extensions?.find((extension) => extension.extnID === '1.3.6.1.5.5.7.1.1');
  if (!aia) return undefined;
  return [...AsnConvert.parse(aia.extnValue.buffer, AuthorityInfoAccessSyntax)].find((item) => item.accessMethod === '1.3.6.1.5.5.7.48.1')
    ?.accessLocation.uniformResourceIdentifier;
}

export type OcspOutcome =
  | { status: 'good' }
  | { status: 'revoked'; reason: string; revokedAt: string }
  | { status: 'unknown' }
  | { status: 'error'; error: string };

function sameBytes(a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array): boolean {
  return Buffer.from(a as ArrayBuffer).equals(Buffer.from(b as ArrayBuffer));
}

export async function checkOcsp(leafDer: Buffer, issuerDer: Buffer, now: Date, url = ocspUrlOf(leafDer)): Promise<OcspOutcome> {
  if (!url) return { status: 'error', error: 'the certificate names no OCSP responder (no AIA OCSP URL)' };
  const leaf = AsnConvert.parse(leafDer, Certificate);
  const issuer = AsnConvert.parse(issuerDer, Certificate);
  const issuerKeyBits = new Uint8Array(issuer.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
  const certId = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: '1.3.14.3.2.26', parameters: null }),
    issuerNameHash: new OctetString(
      createHash('sha1')
        .update(Buffer.from(AsnConvert.serialize(issuer.tbsCertificate.subject)))
        .digest(),
    ),
    issuerKeyHash: new OctetString(createHash('sha1').update(issuerKeyBits).digest()),
    serialNumber: leaf.tbsCertificate.serialNumber,
  });
  const nonce = randomBytes(16);
  const request = new OCSPRequest({
    tbsRequest: new TBSRequest({
      requestList: [new Request({ reqCert: certId })],
      requestExtensions: [
        new Extension({
          extnID: id_pkix_ocsp_nonce,
          critical: false,
          extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))),
        }),
      ],
    }),
  });
  let body: Buffer;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: Buffer.from(AsnConvert.serialize(request)),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) return { status: 'error', error: `the OCSP responder ${url} answered HTTP ${response.status}` };
    body = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    return { status: 'error', error: `the OCSP responder ${url} could not be reached (${(error as Error).message})` };
  }
  let basic: BasicOCSPResponse;
  try {
    const answer = AsnConvert.parse(body, OCSPResponse);
    if (answer.responseStatus !== OCSPResponseStatus.successful || !answer.responseBytes)
      return { status: 'error', error: `the OCSP responder refused the request (${OCSPResponseStatus[answer.responseStatus]})` };
    if (answer.responseBytes.responseType !== id_pkix_ocsp_basic)
      return { status: 'error', error: 'the OCSP answer is not a basic response' };
    basic = AsnConvert.parse(answer.responseBytes.response.buffer, BasicOCSPResponse);
  } catch {
    return { status: 'error', error: 'the OCSP answer cannot be read' };
  }
  const signerKey = responderKey(basic, issuerDer, issuerKeyBits);
  if (!signerKey) return { status: 'error', error: 'the OCSP answer is not signed by the issuer or a responder it authorised' };
  const digest = SIGNATURE_DIGESTS[basic.signatureAlgorithm.algorithm];
  const signed =
    digest !== undefined &&
    basic.tbsResponseDataRaw !== undefined &&
    verifySignature(digest, Buffer.from(basic.tbsResponseDataRaw), signerKey, Buffer.from(basic.signature));
  if (!signed) return { status: 'error', error: 'the OCSP answer signature does not verify' };
  const echoed = basic.tbsResponseData.responseExtensions?.find((extension) => extension.extnID === id_pkix_ocsp_nonce);
  if (echoed && !sameBytes(AsnConvert.parse(echoed.extnValue.buffer, OctetString).buffer, nonce))
    return { status: 'error', error: 'the OCSP answer is for another request (nonce mismatch)' };
  const single = basic.tbsResponseData.responses.find(
    (item) =>
      sameBytes(item.certID.serialNumber, certId.serialNumber) && sameBytes(item.certID.issuerKeyHash.buffer, certId.issuerKeyHash.buffer),
  );
  if (!single) return { status: 'error', error: 'the OCSP answer does not mention this certificate' };
  if (single.thisUpdate.getTime() > now.getTime() + 5 * 60_000) return { status: 'error', error: 'the OCSP answer is dated in the future' };
  if (single.nextUpdate && single.nextUpdate.getTime() < now.getTime())
    return { status: 'error', error: `the OCSP answer is stale (next update ${single.nextUpdate.toISOString()})` };
  if (single.certStatus.revoked) {
    const reason = single.certStatus.revoked.revocationReason?.reason;
    return {
      status: 'revoked',
      reason: reason === undefined ? 'unspecified' : (REVOCATION_REASONS[reason] ?? String(reason)),
      revokedAt: single.certStatus.revoked.revocationTime.toISOString(),
    };
  }
  if (single.certStatus.good !== undefined) return { status: 'good' };
  return { status: 'unknown' };
}

/** The key that may sign for this issuer: the issuer's own, or a delegated responder's (RFC 6960 §4.2.2.2). */
function responderKey(basic: BasicOCSPResponse, issuerDer: Buffer, issuerKeyBits: Uint8Array) {
  const issuer = new X509Certificate(issuerDer);
  const byKey = basic.tbsResponseData.responderID.byKey;
  if (byKey && sameBytes(byKey.buffer, createHash('sha1').update(issuerKeyBits).digest())) return issuer.publicKey;
  for (const included of basic.certs ?? []) {
    const der = Buffer.from(AsnConvert.serialize(included));
    if (der.equals(issuerDer)) return issuer.publicKey;
    const candidate = new X509Certificate(der);
    const eku = included.tbsCertificate.extensions?.find((extension) => extension.extnID === '2.5.29.37');
    const mayRespond = eku !== undefined && [...AsnConvert.parse(eku.extnValue.buffer, ExtendedKeyUsage)].includes(OCSP_SIGNING);
    if (mayRespond && candidate.checkIssued(issuer) && candidate.verify(issuer.publicKey)) return candidate.publicKey;
  }
  return undefined;
}

export { arrayBufferOf };
