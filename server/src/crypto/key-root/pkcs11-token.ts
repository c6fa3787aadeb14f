import { existsSync } from 'node:fs';
import type * as Pkcs11Types from 'pkcs11js';
import { TokenError } from './token-error.js';

type Pkcs11Namespace = typeof Pkcs11Types;
type Handle = Buffer;

/**
 * How the master key is wrapped. AES-256-GCM under a secret key on the token where it offers it
 * (an HSM, SoftHSM2); RSA-OAEP with SHA-256 under a key pair where it does not (tpm2-pkcs11 has
 * no AES-GCM and no key wrap).
 */
export type WrapMechanism = 'aes-256-gcm' | 'rsa-oaep-sha256';
export const WRAP_MECHANISMS: readonly WrapMechanism[] = ['aes-256-gcm', 'rsa-oaep-sha256'];

export interface Wrapped {
  /** The GCM nonce; absent for RSA-OAEP. */
  nonce?: Buffer;
  ciphertext: Buffer;
}

export type PinState = 'ok' | 'count_low' | 'final_try' | 'locked';

export interface TokenDescription {
  label: string;
  serial: string;
  model: string;
  manufacturer: string;
  /** What the token's flags say about the user PIN; PKCS#11 gives no exact count of tries left. */
  pinState: PinState;
  minPinLength: number;
  maxPinLength: number;
}

const GCM_NONCE_BYTES = 12;
const GCM_TAG_BITS = 128;
const RSA_BITS = 2048;
/** PKCS#11 `CKZ_DATA_SPECIFIED`, which pkcs11js does not export. */
const CKZ_DATA_SPECIFIED = 1;
const LABEL_BYTES = 32;

let loaded: Promise<Pkcs11Namespace> | undefined;

/** pkcs11js is a native addon: imported on first use, so nothing else in the server pays for it. */
function pkcs11js(): Promise<Pkcs11Namespace> {
  loaded ??= import('pkcs11js').then((module) => ((module as { default?: Pkcs11Namespace }).default ?? module) as Pkcs11Namespace);
  return loaded;
}

/**
 * The TPM software stack under tpm2-pkcs11 logs every TPM error code on stderr, which would bury the
 * one-line message a failed command prints. Silenced unless the operator set TSS2_LOG or asked for
 * SCAIVAULT_DEBUG; tpm2-pkcs11's own error lines (which it cannot be told to drop) still appear.
 */
function quietTpmLibraries(): void {
  if (process.env.SCAIVAULT_DEBUG === '1') return;
  process.env.TSS2_LOG ??= 'all+NONE';
}

/** A label as PKCS#11 stores it: 32 bytes, space-padded. pkcs11js would pad with NULs, which tpm2-pkcs11 refuses. */
export function checkTokenLabel(label: string): string {
  if (!/^[\x20-\x7e]+$/.test(label) || label.trim() !== label || label.length > LABEL_BYTES)
    throw new TokenError(
      'bad_label',
      `a token label must be 1 to ${LABEL_BYTES} printable ASCII characters, without leading or trailing spaces`,
    );
  return label;
}

/**
 * One loaded PKCS#11 library (C_Initialize'd). Every call that can fail maps the token's return
 * value onto a TokenError; every mechanism parameter is checked here before it reaches the native
 * code, where a malformed one can take the process down instead of throwing.
 */
export class Pkcs11Module {
  private constructor(
    private readonly p11: Pkcs11Types.PKCS11,
    private readonly k: Pkcs11Namespace,
    readonly path: string,
  ) {}

  static async load(path: string): Promise<Pkcs11Module> {
    if (!path.startsWith('/')) throw new TokenError('module', `the PKCS#11 module path must be absolute (${path})`);
    if (!existsSync(path)) throw new TokenError('module', `the PKCS#11 module ${path} does not exist`);
    quietTpmLibraries();
    const k = await pkcs11js();
    const p11 = new k.PKCS11();
    try {
      p11.load(path);
    } catch {
      throw new TokenError('module', `${path} is not a PKCS#11 module that can be loaded`);
    }
    try {
      p11.C_Initialize();
    } catch (error) {
      p11.close();
      throw new TokenError('device', `the PKCS#11 module ${path} failed to start (${returnValue(error)})`);
    }
    return new Pkcs11Module(p11, k, path);
  }

  /** Initialised tokens, by slot. */
  tokens(): Array<{ slot: Handle; info: TokenDescription }> {
    const found: Array<{ slot: Handle; info: TokenDescription }> = [];
    for (const slot of this.call('list the slots', () => this.p11.C_GetSlotList(true))) {
      const raw = this.call('read the token information', () => this.p11.C_GetTokenInfo(slot));
      if ((raw.flags & this.k.CKF_TOKEN_INITIALIZED) === 0) continue;
      found.push({ slot, info: this.describe(raw) });
    }
    return found;
  }

  findToken(label: string): { slot: Handle; info: TokenDescription } | undefined {
    return this.tokens().find((token) => token.info.label === label);
  }

  /** Refreshes what the token says (its PIN flags change after a failed login). */
  describeSlot(slot: Handle): TokenDescription {
    return this.describe(this.call('read the token information', () => this.p11.C_GetTokenInfo(slot)));
  }

  /** Initialises a free slot as a token named `label`, with its SO PIN and user PIN. */
  initToken(label: string, soPin: string, userPin: string): { slot: Handle; info: TokenDescription } {
    checkTokenLabel(label);
    const free = this.call('list the slots', () => this.p11.C_GetSlotList(true)).find((slot) => {
      const info = this.call('read the token information', () => this.p11.C_GetTokenInfo(slot));
      return (info.flags & this.k.CKF_TOKEN_INITIALIZED) === 0;
    });
    if (!free) throw new TokenError('token_missing', `no token named '${label}' and no free slot to initialise one in`);
    checkPin(soPin, this.describeSlot(free), 'SO PIN');
    checkPin(userPin, this.describeSlot(free), 'user PIN');
    this.call('initialise the token', () => this.p11.C_InitToken(free, soPin, label.padEnd(LABEL_BYTES, ' ')), 'SO PIN');
    // Some modules (SoftHSM2) move an initialised token to a new slot: find it again by label.
    const token = this.findToken(label);
    if (!token) throw new TokenError('device', `the token '${label}' was initialised but cannot be found`);
    const session = this.call('open a session', () =>
      this.p11.C_OpenSession(token.slot, this.k.CKF_SERIAL_SESSION | this.k.CKF_RW_SESSION),
    );
    try {
      this.call('log in as security officer', () => this.p11.C_Login(session, this.k.CKU_SO, soPin), 'SO PIN');
      this.call("set the token's user PIN", () => this.p11.C_InitPIN(session, userPin), 'user PIN');
      this.call('log out', () => this.p11.C_Logout(session));
    } finally {
      this.closeSession(session);
    }
    return token;
  }

  /** A read-write session logged in as the user; close it when done. */
  openUserSession(slot: Handle, userPin: string): TokenSession {
    checkPin(userPin, this.describeSlot(slot), 'user PIN');
    const session = this.call('open a session', () => this.p11.C_OpenSession(slot, this.k.CKF_SERIAL_SESSION | this.k.CKF_RW_SESSION));
    try {
      this.call('log in', () => this.p11.C_Login(session, this.k.CKU_USER, userPin), 'user PIN');
    } catch (error) {
      this.closeSession(session);
      if (error instanceof TokenError && error.reason === 'pin_incorrect') {
        const state = this.describeSlot(slot).pinState;
        if (state === 'locked') throw new TokenError('pin_locked', 'the user PIN is wrong, and the token has now locked it');
        if (state !== 'ok') throw new TokenError('pin_incorrect', `the user PIN is wrong (the token says: ${state.replace('_', ' ')})`);
      }
      throw error;
    }
    return new TokenSession(this.p11, this.k, slot, session, (handle) => this.closeSession(handle));
  }

  mechanisms(slot: Handle): WrapMechanism[] {
    const offered = new Set(this.call('list the mechanisms', () => this.p11.C_GetMechanismList(slot)));
    const usable: WrapMechanism[] = [];
    if (offered.has(this.k.CKM_AES_GCM) && offered.has(this.k.CKM_AES_KEY_GEN)) usable.push('aes-256-gcm');
    if (offered.has(this.k.CKM_RSA_PKCS_OAEP) && offered.has(this.k.CKM_RSA_PKCS_KEY_PAIR_GEN)) usable.push('rsa-oaep-sha256');
    return usable;
  }

  close(): void {
    try {
      this.p11.C_Finalize();
    } catch {
      // Already finalised, or the module is gone: nothing left to release but the library.
    }
    this.p11.close();
  }

  private closeSession(session: Handle): void {
    try {
      this.p11.C_CloseSession(session);
    } catch {
      // A session the token already dropped.
    }
  }

  private describe(raw: Pkcs11Types.TokenInfo): TokenDescription {
    const flags = raw.flags;
    const pinState: PinState =
      flags & this.k.CKF_USER_PIN_LOCKED
        ? 'locked'
        : flags & this.k.CKF_USER_PIN_FINAL_TRY
          ? 'final_try'
          : flags & this.k.CKF_USER_PIN_COUNT_LOW
            ? 'count_low'
            : 'ok';
    return {
      label: printable(raw.label),
      serial: printable(raw.serialNumber),
      model: printable(raw.model),
      manufacturer: printable(raw.manufacturerID),
      pinState,
      minPinLength: raw.minPinLen,
      maxPinLength: raw.maxPinLen,
    };
  }

  private call<T>(what: string, fn: () => T, pinName?: string): T {
    return callToken(what, fn, pinName);
  }
}

/** One logged-in session: the wrapping key's life on the token. */
export class TokenSession {
  constructor(
    private readonly p11: Pkcs11Types.PKCS11,
    private readonly k: Pkcs11Namespace,
    readonly slot: Handle,
    private readonly session: Handle,
    private readonly release: (session: Handle) => void,
  ) {}

  /** A non-extractable, sensitive wrapping key (or key pair) kept on the token under `id`. */
  createWrappingKey(mechanism: WrapMechanism, id: Buffer, label: string): void {
    checkKeyId(id);
    checkTokenLabel(label);
    const k = this.k;
    if (mechanism === 'aes-256-gcm') {
      callToken('create the wrapping key', () =>
        this.p11.C_GenerateKey(this.session, { mechanism: k.CKM_AES_KEY_GEN }, [
          { type: k.CKA_CLASS, value: k.CKO_SECRET_KEY },
          { type: k.CKA_KEY_TYPE, value: k.CKK_AES },
          { type: k.CKA_TOKEN, value: true },
          { type: k.CKA_PRIVATE, value: true },
          { type: k.CKA_SENSITIVE, value: true },
          { type: k.CKA_EXTRACTABLE, value: false },
          { type: k.CKA_ENCRYPT, value: true },
          { type: k.CKA_DECRYPT, value: true },
          { type: k.CKA_VALUE_LEN, value: 32 },
          { type: k.CKA_ID, value: id },
          { type: k.CKA_LABEL, value: label },
        ]),
      );
      return;
    }
    // tpm2-pkcs11 sets sign/verify itself and refuses a template that contradicts it.
    callToken('create the wrapping key pair', () =>
      this.p11.C_GenerateKeyPair(
        this.session,
        { mechanism: k.CKM_RSA_PKCS_KEY_PAIR_GEN },
        [
          { type: k.CKA_CLASS, value: k.CKO_PUBLIC_KEY },
          { type: k.CKA_TOKEN, value: true },
          { type: k.CKA_ENCRYPT, value: true },
          { type: k.CKA_MODULUS_BITS, value: RSA_BITS },
          { type: k.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
          { type: k.CKA_ID, value: id },
          { type: k.CKA_LABEL, value: label },
        ],
        [
          { type: k.CKA_CLASS, value: k.CKO_PRIVATE_KEY },
          { type: k.CKA_TOKEN, value: true },
          { type: k.CKA_PRIVATE, value: true },
          { type: k.CKA_SENSITIVE, value: true },
          { type: k.CKA_EXTRACTABLE, value: false },
          { type: k.CKA_DECRYPT, value: true },
          { type: k.CKA_ID, value: id },
          { type: k.CKA_LABEL, value: label },
        ],
      ),
    );
  }

  /** Whether the wrapping key `id` is on this token. */
  hasWrappingKey(mechanism: WrapMechanism, id: Buffer): boolean {
    return this.find(mechanism === 'aes-256-gcm' ? this.k.CKO_SECRET_KEY : this.k.CKO_PRIVATE_KEY, id) !== undefined;
  }

  wrap(mechanism: WrapMechanism, id: Buffer, key: Buffer, aad: Buffer, nonce: Buffer): Wrapped {
    const k = this.k;
    if (mechanism === 'aes-256-gcm') {
      const handle = this.require(k.CKO_SECRET_KEY, id);
      const parameter = gcmParameter(k, nonce, aad);
      const ciphertext = this.oneShot('wrap the master key', () => {
        this.p11.C_EncryptInit(this.session, { mechanism: k.CKM_AES_GCM, parameter }, handle);
        return this.p11.C_Encrypt(this.session, key, Buffer.alloc(key.length + GCM_TAG_BITS / 8));
      });
      return { nonce, ciphertext: Buffer.from(ciphertext) };
    }
    const handle = this.require(k.CKO_PUBLIC_KEY, id);
    const size = this.modulusBytes(handle);
    const ciphertext = this.oneShot('wrap the master key', () => {
      this.p11.C_EncryptInit(this.session, { mechanism: k.CKM_RSA_PKCS_OAEP, parameter: oaepParameter(k) }, handle);
      // tpm2-pkcs11 reports the output buffer's length rather than the ciphertext's: give it exactly the modulus size.
      return this.p11.C_Encrypt(this.session, key, Buffer.alloc(size));
    });
    return { ciphertext: Buffer.from(ciphertext) };
  }

  unwrap(mechanism: WrapMechanism, id: Buffer, wrapped: Wrapped, aad: Buffer): Buffer {
    const k = this.k;
    if (mechanism === 'aes-256-gcm') {
      const handle = this.require(k.CKO_SECRET_KEY, id);
      if (!wrapped.nonce) throw new TokenError('unwrap_failed', 'the wrapped master key has no nonce');
      if (wrapped.ciphertext.length <= GCM_TAG_BITS / 8) throw new TokenError('unwrap_failed', 'the wrapped master key is too short');
      const parameter = gcmParameter(k, wrapped.nonce, aad);
      return Buffer.from(
        this.oneShot('unwrap the master key', () => {
          this.p11.C_DecryptInit(this.session, { mechanism: k.CKM_AES_GCM, parameter }, handle);
          return this.p11.C_Decrypt(this.session, wrapped.ciphertext, Buffer.alloc(wrapped.ciphertext.length));
        }),
      );
    }
    const privateKey = this.require(k.CKO_PRIVATE_KEY, id);
    const size = this.modulusBytes(this.require(k.CKO_PUBLIC_KEY, id));
    if (wrapped.ciphertext.length !== size)
      throw new TokenError(
        'unwrap_failed',
        `the wrapped master key must be ${size} bytes for this RSA key (it is ${wrapped.ciphertext.length})`,
      );
    return Buffer.from(
      this.oneShot('unwrap the master key', () => {
        this.p11.C_DecryptInit(this.session, { mechanism: k.CKM_RSA_PKCS_OAEP, parameter: oaepParameter(k) }, privateKey);
        return this.p11.C_Decrypt(this.session, wrapped.ciphertext, Buffer.alloc(size));
      }),
    );
  }

  close(): void {
    try {
      this.p11.C_Logout(this.session);
    } catch {
      // Logged out already.
    }
    this.release(this.session);
  }

  /**
   * An encrypt or decrypt: a failure is reported as the wrap failing, never as the raw return value
   * (a tampered ciphertext comes back as CKR_GENERAL_ERROR from some modules).
   */
  private oneShot(what: string, fn: () => Buffer): Buffer {
    try {
      return fn();
    } catch (error) {
      if (error instanceof TokenError) throw error;
      throw new TokenError('unwrap_failed', `the token could not ${what} (${returnValue(error)})`);
    }
  }

  private modulusBytes(publicKey: Handle): number {
    const [modulus] = callToken('read the public key', () =>
      this.p11.C_GetAttributeValue(this.session, publicKey, [{ type: this.k.CKA_MODULUS }]),
    );
    const bytes = (modulus?.value as Buffer | undefined)?.length ?? 0;
    if (bytes < 128 || bytes > 1024)
      throw new TokenError('device', `the wrapping key's RSA modulus has an unexpected size (${bytes} bytes)`);
    return bytes;
  }

  private require(objectClass: number, id: Buffer): Handle {
    const handle = this.find(objectClass, id);
    if (!handle) throw new TokenError('key_missing', `the wrapping key ${id.toString('hex')} is not on this token`);
    return handle;
  }

  private find(objectClass: number, id: Buffer): Handle | undefined {
    checkKeyId(id);
    const k = this.k;
    callToken('search the token', () =>
      this.p11.C_FindObjectsInit(this.session, [
        { type: k.CKA_CLASS, value: objectClass },
        { type: k.CKA_ID, value: id },
      ]),
    );
    try {
      return callToken('search the token', () => this.p11.C_FindObjects(this.session, 2))[0];
    } finally {
      callToken('search the token', () => this.p11.C_FindObjectsFinal(this.session));
    }
  }
}

function gcmParameter(k: Pkcs11Namespace, nonce: Buffer, aad: Buffer): Pkcs11Types.AesGCM {
  if (!Buffer.isBuffer(nonce) || nonce.length !== GCM_NONCE_BYTES)
    throw new TokenError('unwrap_failed', `the GCM nonce must be ${GCM_NONCE_BYTES} bytes`);
  if (!Buffer.isBuffer(aad) || aad.length === 0 || aad.length > 256)
    throw new TokenError('device', 'the GCM associated data must be 1 to 256 bytes');
  return { type: k.CK_PARAMS_AES_GCM, iv: nonce, aad, ivBits: GCM_NONCE_BYTES * 8, tagBits: GCM_TAG_BITS };
}

function oaepParameter(k: Pkcs11Namespace): Pkcs11Types.RsaOAEP {
  const parameter = { type: k.CK_PARAMS_RSA_OAEP, hashAlg: k.CKM_SHA256, mgf: k.CKG_MGF1_SHA256, source: CKZ_DATA_SPECIFIED };
  for (const [name, value] of Object.entries(parameter))
    if (!Number.isInteger(value)) throw new TokenError('device', `the RSA-OAEP parameter ${name} is not a number in this pkcs11js`);
  return parameter;
}

function checkKeyId(id: Buffer): void {
  if (!Buffer.isBuffer(id) || id.length === 0 || id.length > 64) throw new TokenError('device', 'a wrapping key id must be 1 to 64 bytes');
}

/** PKCS#11 PINs are UTF-8 strings within the token's length limits; checked before any login counts a try. */
export function checkPin(pin: string, token: TokenDescription, name: string): void {
  if (typeof pin !== 'string' || pin.length === 0) throw new TokenError('pin_invalid', `the ${name} is empty`);
  const bytes = Buffer.byteLength(pin, 'utf8');
  const min = token.minPinLength > 0 && token.minPinLength < 1024 ? token.minPinLength : 1;
  const max = token.maxPinLength > 0 && token.maxPinLength < 1 << 20 ? token.maxPinLength : 255;
  if (bytes < min || bytes > max)
    throw new TokenError('pin_invalid', `the ${name} must be ${min} to ${max} characters long for this token`);
}

/** Runs one PKCS#11 call, turning its return value into a TokenError that names what was attempted. */
function callToken<T>(what: string, fn: () => T, pinName?: string): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TokenError) throw error;
    const rv = returnValue(error);
    const pin = pinName ?? 'PIN';
    switch (rv) {
      case 'CKR_PIN_INCORRECT':
        throw new TokenError('pin_incorrect', `the ${pin} is wrong`);
      case 'CKR_PIN_LOCKED':
        throw new TokenError('pin_locked', `the token has locked the ${pin} after too many wrong tries`);
      case 'CKR_PIN_LEN_RANGE':
      case 'CKR_PIN_INVALID':
      case 'CKR_PIN_TOO_WEAK':
        throw new TokenError('pin_invalid', `the token refuses this ${pin} (${rv})`);
      case 'CKR_TOKEN_NOT_PRESENT':
      case 'CKR_DEVICE_REMOVED':
        throw new TokenError('token_missing', `the token went away while trying to ${what}`);
      default:
        throw new TokenError('device', `the token failed to ${what} (${rv})`);
    }
  }
}

function returnValue(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /CKR_[A-Z_]+/.exec(message);
  return match ? match[0] : 'an error without a PKCS#11 return value';
}

function printable(text: string): string {
  return text.replace(/[\0\s]+$/u, '').replace(/[^\x20-\x7e]/g, '');
}
