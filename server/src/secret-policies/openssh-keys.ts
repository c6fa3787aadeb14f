import { generateKeyPair, randomInt, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

function sshString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([uint32(bytes.length), bytes]);
}

/** SSH mpint: big-endian two's complement, so a leading 1 bit needs a zero byte in front. */
function mpint(base64url: string): Buffer {
  let bytes = Buffer.from(base64url, 'base64url');
  while (bytes.length > 1 && bytes[0] === 0 && (bytes[1]! & 0x80) === 0) bytes = bytes.subarray(1);
  if ((bytes[0]! & 0x80) !== 0) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return sshString(bytes);
}

function armor(body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/** The unencrypted `openssh-key-v1` container that `ssh-keygen` writes and reads. */
function opensshPrivateKey(publicBlob: Buffer, privateFields: Buffer, comment: string): string {
  const check = randomInt(0, 2 ** 32 - 1);
  let section = Buffer.concat([uint32(check), uint32(check), privateFields, sshString(comment)]);
  const padding: number[] = [];
  for (let i = 1; (section.length + padding.length) % 8 !== 0; i++) padding.push(i);
  section = Buffer.concat([section, Buffer.from(padding)]);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    uint32(1),
    sshString(publicBlob),
    sshString(section),
  ]);
  return armor(body);
}

function jwk(key: KeyObject): Record<string, string> {
  return key.export({ format: 'jwk' }) as Record<string, string>;
}

/** An OpenSSH key pair: `private_key` in OpenSSH PEM, `public_key` as an authorized_keys line. */
export async function sshKeyPair(
  keyType: 'ed25519' | 'rsa',
  comment: string,
  bits = 3072,
): Promise<{ privateKey: string; publicKey: string }> {
  if (keyType === 'ed25519') {
    const { publicKey, privateKey } = await generate('ed25519');
    const pub = Buffer.from(jwk(publicKey).x!, 'base64url');
    const seed = Buffer.from(jwk(privateKey).d!, 'base64url');
    const blob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
    const fields = Buffer.concat([sshString('ssh-ed25519'), sshString(pub), sshString(Buffer.concat([seed, pub]))]);
    return {
      privateKey: opensshPrivateKey(blob, fields, comment),
      publicKey: `ssh-ed25519 ${blob.toString('base64')}${comment ? ` ${comment}` : ''}`,
    };
  }
  const { privateKey } = await generate('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  const k = jwk(privateKey);
  const blob = Buffer.concat([sshString('ssh-rsa'), mpint(k.e!), mpint(k.n!)]);
  const fields = Buffer.concat([sshString('ssh-rsa'), mpint(k.n!), mpint(k.e!), mpint(k.d!), mpint(k.qi!), mpint(k.p!), mpint(k.q!)]);
  return {
    privateKey: opensshPrivateKey(blob, fields, comment),
    publicKey: `ssh-rsa ${blob.toString('base64')}${comment ? ` ${comment}` : ''}`,
  };
}
