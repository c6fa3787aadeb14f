import { readFileSync, statSync } from 'node:fs';
import { MasterKeyError } from '../shared-master-key.js';

/**
 * Where the server finds the token's user PIN: SCAIVAULT_TPM_USERPIN, or a file named by
 * SCAIVAULT_TPM_USERPIN_FILE (owner-only, one line) — never the command line. Read only when the
 * data directory turns out to need it.
 */
export function tokenPinFromEnvironment(env: Record<string, string | undefined>): () => Promise<string> {
  return async () => {
    const direct = env.SCAIVAULT_TPM_USERPIN || undefined;
    const file = env.SCAIVAULT_TPM_USERPIN_FILE || undefined;
    if (direct !== undefined && file !== undefined)
      throw new MasterKeyError('give the user PIN once: SCAIVAULT_TPM_USERPIN or SCAIVAULT_TPM_USERPIN_FILE, not both');
    if (direct !== undefined) return direct;
    if (file === undefined)
      throw new MasterKeyError(
        "this data directory's master key is wrapped by a PKCS#11 token: give its user PIN in SCAIVAULT_TPM_USERPIN or in a file named by SCAIVAULT_TPM_USERPIN_FILE",
      );
    let mode: number;
    try {
      mode = statSync(file).mode;
    } catch (error) {
      throw new MasterKeyError(`the PIN file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if ((mode & 0o077) !== 0) throw new MasterKeyError(`the PIN file ${file} is readable by other users; chmod 600 it`);
    const pin = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    if (pin.length === 0 || pin.includes('\n')) throw new MasterKeyError(`the PIN file ${file} must hold the PIN on one line`);
    return pin;
  };
}
