// Key pairs for CAs and leaves, made by node:crypto (OpenSSL underneath): RSA 2048/4096 and EC P-256/P-384.
// Generation runs off the event loop (libuv's thread pool): an RSA-4096 key takes a second or more.
import { createPrivateKey, createPublicKey, generateKeyPair as generateKeyPairCallback, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { PkiValidationError } from './pki-validation-error.js';

const generateKeyPairAsync = promisify(generateKeyPairCallback);

export type KeyType = 'rsa' | 'ec';

export interface KeySpec {
  keyType: KeyType;
  /** RSA modulus bits (2048, 4096) or EC curve size (256 → P-256, 384 → P-384). */
  keyBits: number;
}

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const CURVES: Readonly<Record<number, string>> = { 256: 'prime256v1', 384: 'secp384r1' };
const CURVE_BITS: Readonly<Record<string, number>> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };
export const RSA_KEY_BITS: readonly number[] = [2048, 4096];
export const EC_KEY_BITS: readonly number[] = [256, 384];

/** The default for a key type when the caller gives no size: RSA 2048, EC P-256. */
export function defaultKeyBits(keyType: KeyType): number {
  return keyType === 'rsa' ? 2048 : 256;
}

/** Refuses a key shape this CA cannot make, naming the field and value. */
export function checkKeySpec(spec: { keyType: unknown; keyBits?: unknown }, fields = { type: 'key_type', bits: 'key_size' }): KeySpec {
  if (spec.keyType !== 'rsa' && spec.keyType !== 'ec') {
    throw new PkiValidationError(
      'validation_error',
      fields.type,
      String(spec.keyType),
      `${fields.type} must be "rsa" or "ec", not ${JSON.stringify(spec.keyType)}`,
    );
  }
  const keyBits = spec.keyBits ?? defaultKeyBits(spec.keyType);
  const allowed = spec.keyType === 'rsa' ? RSA_KEY_BITS : EC_KEY_BITS;
  if (typeof keyBits !== 'number' || !allowed.includes(keyBits)) {
    throw new PkiValidationError(
      'validation_error',
      fields.bits,
      String(keyBits),
      `${fields.bits} for ${spec.keyType} keys must be ${allowed.join(' or ')}, not ${JSON.stringify(keyBits)}`,
    );
  }
  return { keyType: spec.keyType, keyBits };
}

export async function generateKeyPair(spec: KeySpec): Promise<KeyPair> {
  const checked = checkKeySpec(spec);
  if (checked.keyType === 'rsa') return generateKeyPairAsync('rsa', { modulusLength: checked.keyBits, publicExponent: 0x10001 });
  return generateKeyPairAsync('ec', { namedCurve: CURVES[checked.keyBits]! });
}

/** The shape of a public key (RSA modulus bits or EC curve size); undefined for other algorithms. */
export function describeKey(key: KeyObject): KeySpec | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' && details.modulusLength !== undefined) return { keyType: 'rsa', keyBits: details.modulusLength };
  if (key.asymmetricKeyType === 'ec' && details.namedCurve !== undefined) {
    const bits = CURVE_BITS[details.namedCurve];
    return bits === undefined ? undefined : { keyType: 'ec', keyBits: bits };
  }
  return undefined;
}

/** PKCS#8 PEM: the form `issue` returns once and the CA key is sealed in. */
export function exportPrivateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

export function importPrivateKeyPem(pem: string): KeyPair {
  const privateKey = createPrivateKey({ key: pem, format: 'pem' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export function subjectPublicKeyInfoDer(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}
