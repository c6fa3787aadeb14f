import { keyRootSuite } from './key-root-suite.js';
import { startSoftHsm } from './token-hosts.js';

// SoftHSM2: the HSM path, AES-256-GCM under a secret key on the token.
// The default module is tpm2-pkcs11 where it is installed: the seed lines name SoftHSM2 through the environment.
keyRootSuite('SoftHSM2', 'aes-256-gcm', startSoftHsm, (host) => ({ SCAIVAULT_PKCS11_MODULE: host.module }));
