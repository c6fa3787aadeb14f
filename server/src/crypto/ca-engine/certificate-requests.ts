// PKCS#10 CSRs from callers: parsed, their self-signature verified, and their requested extensions
// read only for the names (DNS and IP SANs) the caller asks for. Everything else a CSR requests
// (CA:TRUE, key usages, name constraints...) is reported but never copied into a certificate.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Extensions, SubjectAlternativeName } from '@peculiar/asn1-x509';
import { commonNameOf, nameToString } from './distinguished-names.js';
import { EXTENSION_OIDS } from './extensions.js';
import { describeKey, type KeySpec } from './key-pairs.js';
import { derFrom } from './pem.js';
import { PkiValidationError } from './pki-validation-error.js';
import { digestForSignatureOid } from './signature-algorithms.js';

const EXTENSION_REQUEST_OID = '1.2.840.113549.1.9.14';
const MAX_CSR_BYTES = 64 * 1024;

export interface ParsedCsr {
  der: Buffer;
  subject: string;
  commonName: string | undefined;
  publicKey: KeyObject;
  subjectPublicKeyInfo: Buffer;
  key: KeySpec | undefined;
  requestedDnsNames: string[];
  requestedIpAddresses: string[];
  /** OIDs of every extension the CSR asked for, SAN included; none of them is copied. */
  requestedExtensions: string[];
}

function invalid(message: string): PkiValidationError {
  return new PkiValidationError('invalid_csr', 'csr_pem', undefined, message);
}

export function parseCsr(input: string | Uint8Array, field = 'csr_pem'): ParsedCsr {
  if ((typeof input === 'string' ? input.length : input.byteLength) > MAX_CSR_BYTES)
    throw invalid(`${field} is larger than ${MAX_CSR_BYTES} bytes`);
  const der = derFrom(input, 'CERTIFICATE REQUEST');
  if (der === undefined) {
    const other = typeof input === 'string' ? /-----BEGIN ([A-Z0-9 ]+)-----/.exec(input)?.[1] : undefined;
    throw invalid(other ? `${field} holds a ${other}, not a CERTIFICATE REQUEST` : `${field} is not a PEM CERTIFICATE REQUEST`);
  }
  let csr: CertificationRequest;
  try {
    csr = AsnConvert.parse(der, CertificationRequest);
  } catch {
    throw invalid(`${field} is not a well-formed PKCS#10 certificate request`);
  }
  const info = csr.certificationRequestInfo;
  const spki = Buffer.from(AsnConvert.serialize(info.subjectPKInfo));
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    throw invalid(`${field}: the CSR's public key cannot be read`);
  }
  const digest = digestForSignatureOid(csr.signatureAlgorithm.algorithm);
  if (digest === undefined)
    throw invalid(
      `${field}: the CSR is signed with ${csr.signatureAlgorithm.algorithm}, which this CA does not accept (use SHA-256 or stronger with RSA or ECDSA)`,
    );
  const signed = csr.certificationRequestInfoRaw ? Buffer.from(csr.certificationRequestInfoRaw) : Buffer.from(AsnConvert.serialize(info));
  let valid = false;
  try {
    valid = verify(digest, signed, publicKey, Buffer.from(csr.signature));
  } catch {
    valid = false;
  }
  if (!valid) throw invalid(`${field}: the CSR's signature does not verify (it was altered, or not signed by its own key)`);

  const requestedExtensions: string[] = [];
  const requestedDnsNames: string[] = [];
  const requestedIpAddresses: string[] = [];
  for (const attribute of info.attributes) {
    if (attribute.type !== EXTENSION_REQUEST_OID || attribute.values[0] === undefined) continue;
    let extensions: Extensions;
    try {
      extensions = AsnConvert.parse(attribute.values[0], Extensions);
    } catch {
      throw invalid(`${field}: the CSR's extension request cannot be read`);
    }
    for (const extension of extensions) {
      requestedExtensions.push(extension.extnID);
      if (extension.extnID !== EXTENSION_OIDS.subjectAltName) continue;
      for (const name of AsnConvert.parse(extension.extnValue.buffer, SubjectAlternativeName)) {
        if (name.dNSName !== undefined) requestedDnsNames.push(name.dNSName);
        else if (name.iPAddress !== undefined) requestedIpAddresses.push(name.iPAddress);
        else
          throw new PkiValidationError(
            'validation_error',
            'csr_pem',
            'subjectAltName',
            `${field}: the CSR asks for a subject alternative name that is neither a DNS name nor an IP address`,
          );
      }
    }
  }
  return {
    der,
    subject: nameToString(info.subject),
    commonName: commonNameOf(info.subject),
    publicKey,
    subjectPublicKeyInfo: spki,
    key: describeKey(publicKey),
    requestedDnsNames,
    requestedIpAddresses,
    requestedExtensions,
  };
}
