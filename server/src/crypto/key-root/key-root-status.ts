import type { KeyRoot } from './key-root-file.js';
import { wrapContext, wrappedOf } from './key-root-file.js';
import { Pkcs11Module, type PinState, type WrapMechanism } from './pkcs11-token.js';
import { TokenError } from './token-error.js';

export interface KeyRootStatus {
  healthy: boolean;
  module: string;
  token: { found: boolean; label: string; serial?: string; model?: string; manufacturer?: string; pin_state?: PinState };
  mechanisms: WrapMechanism[];
  wrapping_key: { id: string; mechanism: WrapMechanism; present: boolean | null } | null;
  /** null: not checked, because no user PIN was given. */
  unwraps: boolean | null;
  /** The first thing found wrong, in one sentence. */
  problem: string | null;
}

/**
 * What a monitoring check needs: whether the token is there, what it says about its PIN, and — given
 * the user PIN — whether the wrapping key is on it and the wrapped master key opens. Never throws a
 * TokenError: every failure becomes `problem`.
 */
export async function keyRootStatus(
  root: KeyRoot | undefined,
  target: { module: string; label: string; userPin?: string },
): Promise<KeyRootStatus> {
  const status: KeyRootStatus = {
    healthy: false,
    module: target.module,
    token: { found: false, label: target.label },
    mechanisms: [],
    wrapping_key: root ? { id: root.wrapping_key.id, mechanism: root.wrapping_key.mechanism, present: null } : null,
    unwraps: null,
    problem: null,
  };
  let module: Pkcs11Module;
  try {
    module = await Pkcs11Module.load(target.module);
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    status.problem = error.message;
    return status;
  }
  try {
    const token = module.findToken(target.label);
    if (!token) {
      status.problem = `no token named '${target.label}' is reachable through ${target.module}`;
      return status;
    }
    status.token = {
      found: true,
      label: token.info.label,
      serial: token.info.serial,
      model: token.info.model,
      manufacturer: token.info.manufacturer,
      pin_state: token.info.pinState,
    };
    status.mechanisms = module.mechanisms(token.slot);
    if (token.info.pinState === 'locked') {
      status.problem = 'the token has locked its user PIN';
      return status;
    }
    if (!root) {
      status.problem = 'this data directory has no key root (run `scaivault tpm init`)';
      return status;
    }
    if (target.userPin === undefined) {
      status.healthy = true;
      return status;
    }
    const session = module.openUserSession(token.slot, target.userPin);
    try {
      const id = Buffer.from(root.wrapping_key.id, 'hex');
      const present = session.hasWrappingKey(root.wrapping_key.mechanism, id);
      status.wrapping_key = { id: root.wrapping_key.id, mechanism: root.wrapping_key.mechanism, present };
      if (!present) {
        status.problem = `the wrapping key ${root.wrapping_key.id} is not on this token: the key root was made on another one`;
        return status;
      }
      const key = session.unwrap(root.wrapping_key.mechanism, id, wrappedOf(root), wrapContext(root.master_key_id));
      key.fill(0);
      status.unwraps = true;
      status.healthy = true;
    } finally {
      session.close();
    }
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    if (error.reason === 'unwrap_failed') status.unwraps = false;
    status.problem = error.message;
    try {
      // A failed login changes what the token says about its PIN.
      status.token.pin_state = module.findToken(target.label)?.info.pinState ?? status.token.pin_state;
    } catch {
      // The token went away: the problem already says so.
    }
  } finally {
    module.close();
  }
  return status;
}
