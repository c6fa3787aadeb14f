// `pki csr create`: a key pair and a PKCS#10 CSR made on this machine; the key never leaves it.
// Built on the ASN.1 schemas and signed by node:crypto. Loaded lazily.
import { generateKeyPairSync, sign } from 'node:crypto';
import { Attributes, CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  Attribute,
  AttributeTypeAndValue,
  AttributeValue,
  Extension,
  Extensions,
  GeneralName,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';
import type { KeyShape } from '../input/pki-input.js';
import { toPem } from '../pem-blocks.js';

export interface MadeCsr {
  csrPem: string;
  privateKeyPem: string;
}

function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}

export function makeCsr(request: { commonName: string; altNames: string[]; ipSans: string[]; key: KeyShape }): MadeCsr {
  const keys =
    request.key.keyType === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: request.key.keyBits })
      : generateKeyPairSync('ec', { namedCurve: request.key.keyBits === 384 ? 'secp384r1' : 'prime256v1' });
  const spki = AsnConvert.parse(keys.publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
  const subject = new Name([
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type: '2.5.4.3', value: new AttributeValue({ utf8String: request.commonName }) }),
    ]),
  ]);
  const names = [request.commonName, ...request.altNames.filter((name) => name !== request.commonName)];
  const san = new SubjectAlternativeName([
    ...names.map((dNSName) => new GeneralName({ dNSName })),
    ...request.ipSans.map((iPAddress) => new GeneralName({ iPAddress })),
  ]);
  const extensions = new Extensions([
    new Extension({ extnID: '2.5.29.17', critical: false, extnValue: new OctetString(AsnConvert.serialize(san)) }),
  ]);
  const info = new CertificationRequestInfo({
    version: 0,
    subject,
    subjectPKInfo: spki,
    attributes: new Attributes([new Attribute({ type: '1.2.840.113549.1.9.14', values: [AsnConvert.serialize(extensions)] })]),
  });
  const sha384 = request.key.keyType === 'ec' && request.key.keyBits === 384;
  const algorithm =
    request.key.keyType === 'rsa'
      ? new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.11', parameters: null })
      : new AlgorithmIdentifier({ algorithm: sha384 ? '1.2.840.10045.4.3.3' : '1.2.840.10045.4.3.2' });
  const signature = sign(sha384 ? 'sha384' : 'sha256', Buffer.from(AsnConvert.serialize(info)), keys.privateKey);
  const csr = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: algorithm,
    signature: arrayBufferOf(signature),
  });
  return {
    csrPem: toPem(new Uint8Array(AsnConvert.serialize(csr)), 'CERTIFICATE REQUEST'),
    privateKeyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

/** Checks that text is a readable, self-consistent CSR before it is sent; returns its subject. */
export function readCsr(text: string): { subject: string } {
  const match = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----([A-Za-z0-9+/=\s]*?)-----END (NEW )?CERTIFICATE REQUEST-----/.exec(text);
  if (!match) throw new Error('it holds no PEM CERTIFICATE REQUEST');
  const csr = AsnConvert.parse(Buffer.from(match[2]!.replace(/\s+/g, ''), 'base64'), CertificationRequest);
  return { subject: [...csr.certificationRequestInfo.subject].map((rdn) => [...rdn].map((a) => a.value.toString()).join('+')).join(', ') };
}
