import { keyRootSuite } from './key-root-suite.js';
import { startSoftHsm } from './token-hosts.js';

// SoftHSM2: the HSM path, AES-256-GCM under a secret key on the token.
keyRootSuite('SoftHSM2', 'aes-256-gcm', startSoftHsm);
