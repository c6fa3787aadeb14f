import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MasterKeyError } from '../shared-master-key.js';
import { WRAP_MECHANISMS, type WrapMechanism, type Wrapped } from './pkcs11-token.js';

/** The file in a data directory that says its master key is wrapped by a token. */
export const KEY_ROOT_FILE = 'key-root.json';
export const KEY_ROOT_FORMAT = 'scaivault-key-root';
export const KEY_ROOT_VERSION = 1;

/**
 * What a data directory keeps about its token-held master key: which token and which key on it
 * wrap it, and the wrapped key itself. Nothing here opens without the token and its user PIN.
 */
export interface KeyRoot {
  format: typeof KEY_ROOT_FORMAT;
  version: typeof KEY_ROOT_VERSION;
  /** Names the master key (not the wrapping): the same across a backup and restore onto another token. */
  master_key_id: string;
  created_at: string;
  token: { module: string; label: string; serial: string; model: string };
  wrapping_key: { id: string; label: string; mechanism: WrapMechanism };
  wrapped_master_key: { nonce?: string; ciphertext: string };
}

export const MASTER_KEY_ID = /^mk_[0-9a-f]{16}$/;

/** The associated data that binds a GCM-wrapped master key to its id, so one cannot pass for another. */
export function wrapContext(masterKeyId: string): Buffer {
  return Buffer.from(`${KEY_ROOT_FORMAT}:v${KEY_ROOT_VERSION}:${masterKeyId}`, 'utf8');
}

export function keyRootPath(dataDir: string): string {
  return join(dataDir, KEY_ROOT_FILE);
}

/** The data directory's key root, or undefined when it has none (its key is a file, or it is new). */
export function readKeyRoot(dataDir: string): KeyRoot | undefined {
  const path = keyRootPath(dataDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MasterKeyError(`${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseKeyRoot(text, path);
}

export function parseKeyRoot(text: string, path: string): KeyRoot {
  const bad = (what: string) => new MasterKeyError(`${path} is not a usable key root: ${what}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bad('it is not JSON');
  }
  const root = value as KeyRoot;
  if (typeof root !== 'object' || root === null || root.format !== KEY_ROOT_FORMAT) throw bad(`its format is not ${KEY_ROOT_FORMAT}`);
  if (root.version !== KEY_ROOT_VERSION) throw bad(`version ${String(root.version)} is not one this server reads (${KEY_ROOT_VERSION})`);
  if (typeof root.master_key_id !== 'string' || !MASTER_KEY_ID.test(root.master_key_id)) throw bad('master_key_id is missing or malformed');
  if (typeof root.created_at !== 'string') throw bad('created_at is missing');
  const token = root.token;
  if (typeof token !== 'object' || token === null || typeof token.module !== 'string' || typeof token.label !== 'string')
    throw bad('token.module and token.label are required');
  const key = root.wrapping_key;
  if (typeof key !== 'object' || key === null || typeof key.id !== 'string' || !/^[0-9a-f]{2,128}$/.test(key.id))
    throw bad('wrapping_key.id must be hex');
  if (!WRAP_MECHANISMS.includes(key.mechanism)) throw bad(`wrapping_key.mechanism must be one of ${WRAP_MECHANISMS.join(', ')}`);
  const wrapped = root.wrapped_master_key;
  if (typeof wrapped !== 'object' || wrapped === null || typeof wrapped.ciphertext !== 'string' || !isBase64(wrapped.ciphertext))
    throw bad('wrapped_master_key.ciphertext must be base64');
  if (key.mechanism === 'aes-256-gcm' && (typeof wrapped.nonce !== 'string' || !isBase64(wrapped.nonce)))
    throw bad('wrapped_master_key.nonce must be base64 for aes-256-gcm');
  return root;
}

export function serializeKeyRoot(root: KeyRoot): string {
  return `${JSON.stringify(root, null, 2)}\n`;
}

export function wrappedOf(root: KeyRoot): Wrapped {
  const wrapped = root.wrapped_master_key;
  return {
    ciphertext: Buffer.from(wrapped.ciphertext, 'base64'),
    ...(wrapped.nonce === undefined ? {} : { nonce: Buffer.from(wrapped.nonce, 'base64') }),
  };
}

function isBase64(text: string): boolean {
  return text.length > 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}
