// Which signature algorithm a CA key signs with, and which digest a signature OID names.
// P-256 pairs with SHA-256, P-384 with SHA-384, RSA with SHA-256 (what browsers and OpenSSL expect).
import type { KeyObject } from 'node:crypto';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { describeKey } from './key-pairs.js';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
} as const;

const DIGEST_BY_OID: Readonly<Record<string, string>> = {
  [OID.ecdsaWithSha256]: 'sha256',
  [OID.ecdsaWithSha384]: 'sha384',
  [OID.ecdsaWithSha512]: 'sha512',
  [OID.sha256WithRsa]: 'sha256',
  [OID.sha384WithRsa]: 'sha384',
  [OID.sha512WithRsa]: 'sha512',
};

const RSA_OIDS = new Set<string>([OID.sha256WithRsa, OID.sha384WithRsa, OID.sha512WithRsa]);

export interface SigningAlgorithm {
  identifier: AlgorithmIdentifier;
  digest: string;
}

export function signingAlgorithmFor(privateKey: KeyObject): SigningAlgorithm {
  const spec = describeKey(privateKey);
  if (spec?.keyType === 'ec') {
    const sha384 = spec.keyBits >= 384;
    return {
      identifier: new AlgorithmIdentifier({ algorithm: sha384 ? OID.ecdsaWithSha384 : OID.ecdsaWithSha256 }),
      digest: sha384 ? 'sha384' : 'sha256',
    };
  }
  if (spec?.keyType === 'rsa') {
    // RSA PKCS#1 v1.5 algorithm identifiers carry an explicit NULL parameter (RFC 4055 §5).
    return { identifier: new AlgorithmIdentifier({ algorithm: OID.sha256WithRsa, parameters: null }), digest: 'sha256' };
  }
  throw new Error('a CA key must be RSA or EC P-256/P-384');
}

/** The digest a signature algorithm OID uses, or undefined when this CA does not verify it (e.g. RSA-PSS, MD5, SHA-1). */
export function digestForSignatureOid(oid: string): string | undefined {
  return DIGEST_BY_OID[oid];
}

export function isRsaSignatureOid(oid: string): boolean {
  return RSA_OIDS.has(oid);
}
