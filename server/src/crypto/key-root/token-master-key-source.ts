import type { MasterKeySource } from '../master-key.js';
import { MasterKeyError } from '../shared-master-key.js';
import { type KeyRoot, keyRootPath, readKeyRoot } from './key-root-file.js';
import { unwrapFromToken } from './key-root-operations.js';
import { TokenError } from './token-error.js';

/**
 * The master key of a data directory that `scaivault tpm init` (or `restore`) prepared: its
 * wrapped form is in key-root.json, and only the token it names unwraps it, at start, into memory.
 */
export class TokenMasterKeySource implements MasterKeySource {
  readonly keyId: string;

  private constructor(
    private readonly root: KeyRoot,
    private readonly pin: () => Promise<string>,
  ) {
    this.keyId = `token:${root.master_key_id}`;
  }

  static open(dataDir: string, pin: () => Promise<string>): TokenMasterKeySource {
    const root = readKeyRoot(dataDir);
    if (!root) throw new MasterKeyError(`${keyRootPath(dataDir)} does not exist`);
    return new TokenMasterKeySource(root, pin);
  }

  async load(): Promise<Buffer> {
    const pin = await this.pin();
    try {
      return await unwrapFromToken(this.root, pin);
    } catch (error) {
      if (error instanceof TokenError)
        throw new MasterKeyError(`cannot unwrap the master key with the token: ${error.message}${hintFor(error)}`);
      throw error;
    }
  }
}

function hintFor(error: TokenError): string {
  switch (error.reason) {
    case 'pin_incorrect':
    case 'pin_invalid':
      return ' (check SCAIVAULT_TPM_USERPIN or SCAIVAULT_TPM_USERPIN_FILE)';
    case 'key_missing':
      return ' (on a new host, run `scaivault tpm restore --input BACKUP` first)';
    case 'token_missing':
      return ' (is the TPM or HSM present, and the module configured? `scaivault tpm status` says more)';
    default:
      return '';
  }
}
