import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';

/**
 * The key backup: the master key under AES-256-GCM, keyed by scrypt (memory-hard) of the user PIN or
 * a passphrase. Three lines — a version line, a clear JSON header (key id, times, KDF parameters),
 * the base64 ciphertext — with the first two bound in as associated data, so an altered header fails
 * exactly like an altered ciphertext.
 */
export const BACKUP_MAGIC = 'scaivault-key-backup';
export const BACKUP_VERSION = 1;

/** 2^17 × 8 × 128 bytes = 128 MiB per guess: what makes offline guessing of the secret slow. */
const DEFAULT_SCRYPT = { N: 2 ** 17, r: 8, p: 1 };
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export type BackupSecretKind = 'user-pin' | 'passphrase';

export interface BackupHeader {
  master_key_id: string;
  /** When the master key was made. */
  created_at: string;
  backed_up_at: string;
  /** Which secret the key is derived from, so restore can ask for the right one. */
  secret: BackupSecretKind;
  kdf: 'scrypt';
  scrypt: { N: number; r: number; p: number };
  salt: string;
  cipher: 'aes-256-gcm';
  nonce: string;
}

/** The blob cannot be used: exit 5, one sentence, nothing changed. */
export class BackupError extends Error {}

export async function sealBackup(
  masterKey: Buffer,
  meta: { masterKeyId: string; createdAt: string; backedUpAt: string; secretKind: BackupSecretKind },
  secret: string,
): Promise<string> {
  const salt = randomBytes(16);
  const nonce = randomBytes(NONCE_BYTES);
  const header: BackupHeader = {
    master_key_id: meta.masterKeyId,
    created_at: meta.createdAt,
    backed_up_at: meta.backedUpAt,
    secret: meta.secretKind,
    kdf: 'scrypt',
    scrypt: DEFAULT_SCRYPT,
    salt: salt.toString('base64'),
    cipher: 'aes-256-gcm',
    nonce: nonce.toString('base64'),
  };
  const clear = `${BACKUP_MAGIC} ${BACKUP_VERSION}\n${JSON.stringify(header)}\n`;
  const key = await deriveKey(secret, salt, header.scrypt);
  try {
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(clear, 'utf8'));
    const body = Buffer.concat([cipher.update(masterKey), cipher.final(), cipher.getAuthTag()]);
    return `${clear}${body.toString('base64')}\n`;
  } finally {
    key.fill(0);
  }
}

/** Reads the clear part only: what restore checks (and says) before asking for the secret. */
export function readBackupHeader(text: string): { header: BackupHeader; clear: string; body: Buffer } {
  const lines = text.split('\n');
  if (lines[0] !== `${BACKUP_MAGIC} ${BACKUP_VERSION}`) {
    if (lines[0]?.startsWith(`${BACKUP_MAGIC} `))
      throw new BackupError(
        `this backup is version ${lines[0].slice(BACKUP_MAGIC.length + 1)}; this scaivault reads version ${BACKUP_VERSION}`,
      );
    throw new BackupError('this is not a scaivault key backup');
  }
  if (lines.length !== 4 || lines[3] !== '' || !lines[2]) throw new BackupError('the backup is truncated or has extra lines');
  let header: BackupHeader;
  try {
    header = JSON.parse(lines[1]!) as BackupHeader;
  } catch {
    throw new BackupError('the backup header is not JSON: the file was altered or truncated');
  }
  checkHeader(header);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(lines[2])) throw new BackupError('the backup body is not base64: the file was altered or truncated');
  const body = Buffer.from(lines[2], 'base64');
  if (body.length !== KEY_BYTES + TAG_BYTES)
    throw new BackupError('the backup body has the wrong length: the file was altered or truncated');
  return { header, clear: `${lines[0]}\n${lines[1]}\n`, body };
}

export async function openBackup(text: string, secret: string): Promise<{ header: BackupHeader; masterKey: Buffer }> {
  const { header, clear, body } = readBackupHeader(text);
  const key = await deriveKey(secret, Buffer.from(header.salt, 'base64'), header.scrypt);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.nonce, 'base64'));
    decipher.setAAD(Buffer.from(clear, 'utf8'));
    decipher.setAuthTag(body.subarray(KEY_BYTES));
    const masterKey = Buffer.concat([decipher.update(body.subarray(0, KEY_BYTES)), decipher.final()]);
    return { header, masterKey };
  } catch {
    throw new BackupError(
      `the backup does not open: the ${header.secret === 'passphrase' ? 'passphrase' : 'user PIN'} is wrong, or the file was altered`,
    );
  } finally {
    key.fill(0);
  }
}

function checkHeader(header: BackupHeader): void {
  const bad = (what: string) => new BackupError(`the backup header is not valid (${what}): the file was altered or truncated`);
  if (typeof header !== 'object' || header === null) throw bad('not an object');
  if (typeof header.master_key_id !== 'string' || !/^mk_[0-9a-f]{16}$/.test(header.master_key_id)) throw bad('master_key_id');
  if (typeof header.created_at !== 'string' || typeof header.backed_up_at !== 'string') throw bad('times');
  if (header.secret !== 'user-pin' && header.secret !== 'passphrase') throw bad('secret');
  if (header.kdf !== 'scrypt' || header.cipher !== 'aes-256-gcm') throw bad('kdf or cipher');
  const params = header.scrypt;
  // Bounds keep a hostile file from asking for gigabytes of memory, or from weakening the KDF to nothing.
  if (
    typeof params !== 'object' ||
    params === null ||
    !Number.isInteger(params.N) ||
    params.N < 2 ** 14 ||
    params.N > 2 ** 20 ||
    (params.N & (params.N - 1)) !== 0 ||
    !Number.isInteger(params.r) ||
    params.r < 1 ||
    params.r > 16 ||
    !Number.isInteger(params.p) ||
    params.p < 1 ||
    params.p > 4
  )
    throw bad('scrypt parameters');
  if (typeof header.salt !== 'string' || Buffer.from(header.salt, 'base64').length < 16) throw bad('salt');
  if (typeof header.nonce !== 'string' || Buffer.from(header.nonce, 'base64').length !== NONCE_BYTES) throw bad('nonce');
}

function deriveKey(secret: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, KEY_BYTES, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
