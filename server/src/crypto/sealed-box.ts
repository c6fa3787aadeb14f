import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealed {
  keyId: string;
  nonce: Buffer;
  /** Ciphertext followed by the 16-byte GCM tag. */
  ciphertext: Buffer;
}

/**
 * AES-256-GCM under the master key with a fresh 96-bit nonce per record. The caller's
 * `context` (e.g. tenant, path and version) is bound in as additional authenticated data, so a
 * sealed value copied onto another row fails to open instead of decrypting as the wrong secret.
 */
export class SealedBox {
  constructor(
    private readonly key: Buffer,
    readonly keyId: string,
  ) {}

  seal(plaintext: Buffer, context: string): Sealed {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { keyId: this.keyId, nonce, ciphertext };
  }

  open(sealed: { nonce: Buffer; ciphertext: Buffer }, context: string): Buffer {
    const body = sealed.ciphertext.subarray(0, sealed.ciphertext.length - TAG_BYTES);
    const tag = sealed.ciphertext.subarray(sealed.ciphertext.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.nonce);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  }

  sealText(text: string, context: string): Buffer {
    const sealed = this.seal(Buffer.from(text, 'utf8'), context);
    return Buffer.concat([sealed.nonce, sealed.ciphertext]);
  }

  openText(blob: Buffer, context: string): string {
    return this.open({ nonce: blob.subarray(0, NONCE_BYTES), ciphertext: blob.subarray(NONCE_BYTES) }, context).toString('utf8');
  }
}
