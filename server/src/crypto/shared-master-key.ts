import { readFileSync, statSync } from 'node:fs';
import { MASTER_KEY_BYTES, type MasterKeySource } from './master-key.js';

/** The master key cannot be used as given: said in one sentence that never contains the key. */
export class MasterKeyError extends Error {
  readonly code = 'EMASTERKEY';
}

/**
 * A master key the operator provides in a file (32 raw bytes, mode 0600), which the server reads
 * but never creates: the way several instances, or a restored data directory, share one key.
 * `master.key` from a data directory is such a file.
 */
export class KeyFileMasterKeySource implements MasterKeySource {
  readonly keyId = 'key-file';

  constructor(readonly path: string) {}

  async load(): Promise<Buffer> {
    let mode: number;
    try {
      mode = statSync(this.path).mode;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new MasterKeyError(
        code === 'ENOENT'
          ? `the master key file ${this.path} does not exist`
          : `the master key file ${this.path} cannot be read (${code ?? 'error'})`,
      );
    }
    // A key other users can read is a key that has leaked; refuse rather than carry on.
    if ((mode & 0o077) !== 0)
      throw new MasterKeyError(
        `the master key file ${this.path} is readable by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it`,
      );
    const key = readFileSync(this.path);
    if (key.length !== MASTER_KEY_BYTES)
      throw new MasterKeyError(`the master key file ${this.path} must hold exactly ${MASTER_KEY_BYTES} bytes (it holds ${key.length})`);
    return key;
  }
}

/** A master key from the environment (`SCAIVAULT_MASTER_KEY`): 32 bytes, base64. */
export class EnvironmentMasterKeySource implements MasterKeySource {
  readonly keyId = 'environment';

  constructor(
    private readonly value: string,
    private readonly name = 'SCAIVAULT_MASTER_KEY',
  ) {}

  async load(): Promise<Buffer> {
    const text = this.value.trim();
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
    if (key.length !== MASTER_KEY_BYTES)
      throw new MasterKeyError(`${this.name} must be ${MASTER_KEY_BYTES} bytes in base64 (e.g. from: head -c 32 /dev/urandom | base64)`);
    return key;
  }
}
