// The token-held key root, for `scaivault tpm`. Importing this loads no native code: pkcs11js is
// imported when a token is first opened.
export { KEY_ROOT_FILE, type KeyRoot, MASTER_KEY_ID, keyRootPath, readKeyRoot, parseKeyRoot, serializeKeyRoot } from './key-root-file.js';
export { wrapOnToken, unwrapFromToken, newMasterKeyId, type WrapOnTokenOptions, type WrappedOnToken } from './key-root-operations.js';
export { Pkcs11Module, checkTokenLabel, type TokenDescription, type WrapMechanism, type PinState } from './pkcs11-token.js';
export { TokenError, type TokenFailure } from './token-error.js';
export { MASTER_KEY_BYTES } from '../master-key.js';
export { keyRootStatus, type KeyRootStatus } from './key-root-status.js';
