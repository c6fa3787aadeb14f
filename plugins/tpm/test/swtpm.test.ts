import { keyRootSuite } from './key-root-suite.js';
import { startSwtpm } from './token-hosts.js';

// swtpm + tpm2-abrmd + tpm2-pkcs11: the TPM path, RSA-OAEP (SHA-256) since the TPM offers no AES-GCM.
keyRootSuite('swtpm with tpm2-pkcs11', 'rsa-oaep-sha256', startSwtpm);
