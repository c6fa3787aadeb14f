import { randomBytes, timingSafeEqual } from 'node:crypto';
import { MASTER_KEY_BYTES } from '../master-key.js';
import { KEY_ROOT_FORMAT, KEY_ROOT_VERSION, type KeyRoot, wrapContext, wrappedOf } from './key-root-file.js';
import { Pkcs11Module, type TokenDescription, type WrapMechanism } from './pkcs11-token.js';
import { TokenError } from './token-error.js';

export interface WrapOnTokenOptions {
  module: string;
  label: string;
  userPin: string;
  /** Asked for only when no token has the label and one must be initialised. */
  soPin: () => Promise<string>;
  masterKey: Buffer;
  masterKeyId: string;
  /** When the master key was first made; kept across re-wraps. */
  createdAt: string;
}

export interface WrappedOnToken {
  root: KeyRoot;
  /** Whether this call initialised the token (it had no token with that label). */
  initialisedToken: boolean;
  token: TokenDescription;
}

/** A fresh name for a master key. */
export function newMasterKeyId(): string {
  return `mk_${randomBytes(8).toString('hex')}`;
}

/**
 * Finds (or initialises) the token, makes a new wrapping key on it, wraps the master key and reads
 * it back through the token before returning: a key root that would not unwrap is never handed out.
 */
export async function wrapOnToken(options: WrapOnTokenOptions): Promise<WrappedOnToken> {
  if (options.masterKey.length !== MASTER_KEY_BYTES) throw new TokenError('device', `the master key must be ${MASTER_KEY_BYTES} bytes`);
  const module = await Pkcs11Module.load(options.module);
  try {
    let token = module.findToken(options.label);
    let initialisedToken = false;
    if (!token) {
      const soPin = await options.soPin();
      token = module.initToken(options.label, soPin, options.userPin);
      initialisedToken = true;
    }
    const mechanism = chooseMechanism(module.mechanisms(token.slot), options.module);
    const session = module.openUserSession(token.slot, options.userPin);
    try {
      const id = randomBytes(8);
      const keyLabel = `scaivault-wrap-${id.toString('hex')}`;
      session.createWrappingKey(mechanism, id, keyLabel);
      const context = wrapContext(options.masterKeyId);
      const wrapped = session.wrap(mechanism, id, options.masterKey, context, randomBytes(12));
      const back = session.unwrap(mechanism, id, wrapped, context);
      if (back.length !== options.masterKey.length || !timingSafeEqual(back, options.masterKey))
        throw new TokenError('device', 'the token did not give back the master key it wrapped');
      back.fill(0);
      const root: KeyRoot = {
        format: KEY_ROOT_FORMAT,
        version: KEY_ROOT_VERSION,
        master_key_id: options.masterKeyId,
        created_at: options.createdAt,
        token: { module: options.module, label: token.info.label, serial: token.info.serial, model: token.info.model },
        wrapping_key: { id: id.toString('hex'), label: keyLabel, mechanism },
        wrapped_master_key: {
          ...(wrapped.nonce === undefined ? {} : { nonce: wrapped.nonce.toString('base64') }),
          ciphertext: wrapped.ciphertext.toString('base64'),
        },
      };
      return { root, initialisedToken, token: module.describeSlot(token.slot) };
    } finally {
      session.close();
    }
  } finally {
    module.close();
  }
}

/** The master key, unwrapped by the token that `root` names. */
export async function unwrapFromToken(root: KeyRoot, userPin: string): Promise<Buffer> {
  const module = await Pkcs11Module.load(root.token.module);
  try {
    const token = module.findToken(root.token.label);
    if (!token) throw new TokenError('token_missing', `no token named '${root.token.label}' is reachable through ${root.token.module}`);
    const session = module.openUserSession(token.slot, userPin);
    try {
      const id = Buffer.from(root.wrapping_key.id, 'hex');
      if (!session.hasWrappingKey(root.wrapping_key.mechanism, id))
        throw new TokenError(
          'key_missing',
          `the wrapping key ${root.wrapping_key.id} is not on token '${root.token.label}': this key root was made on another token`,
        );
      const key = session.unwrap(root.wrapping_key.mechanism, id, wrappedOf(root), wrapContext(root.master_key_id));
      if (key.length !== MASTER_KEY_BYTES) throw new TokenError('unwrap_failed', 'the unwrapped master key has the wrong length');
      return key;
    } finally {
      session.close();
    }
  } finally {
    module.close();
  }
}

function chooseMechanism(offered: WrapMechanism[], module: string): WrapMechanism {
  const mechanism = offered[0];
  if (!mechanism)
    throw new TokenError('unsupported', `the token behind ${module} offers neither AES-GCM nor RSA-OAEP, so it cannot wrap the master key`);
  return mechanism;
}
