import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const MASTER_KEY_BYTES = 32;

/**
 * Where the 32-byte key that seals secret values comes from. The file source is the default
 * for a data directory; a source that unwraps the key with a PKCS#11 token (TPM, HSM) or a KMS
 * implements the same interface later without touching the storage code.
 */
export interface MasterKeySource {
  /** A stable name for the key, stored beside every sealed record so a re-wrap can find old data. */
  readonly keyId: string;
  load(): Promise<Buffer>;
}

/** A fresh random key that lives only as long as the process: right for the in-memory server. */
export class EphemeralMasterKeySource implements MasterKeySource {
  readonly keyId = 'ephemeral';
  async load(): Promise<Buffer> {
    return randomBytes(MASTER_KEY_BYTES);
  }
}

/**
 * `master.key` in the data directory, mode 0600. Created atomically on first start: the key is
 * written and fsynced under a temporary name, then hard-linked into place, which fails rather than
 * overwrites if another process got there first — so two racing starts agree on one key.
 */
export class FileMasterKeySource implements MasterKeySource {
  readonly keyId = 'file:master.key';
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'master.key');
  }

  async load(): Promise<Buffer> {
    const existing = this.readIfPresent();
    if (existing) return existing;
    const temporary = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(MASTER_KEY_BYTES));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temporary, this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
    const created = this.readIfPresent();
    if (!created) throw new Error(`master key ${this.path} vanished while starting`);
    return created;
  }

  private readIfPresent(): Buffer | undefined {
    let mode: number;
    try {
      mode = statSync(this.path).mode;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    // A key other users can read is a key that has leaked; refuse rather than carry on.
    if ((mode & 0o077) !== 0) {
      throw new Error(`master key ${this.path} is readable by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
    }
    const key = readFileSync(this.path);
    if (key.length !== MASTER_KEY_BYTES) throw new Error(`master key ${this.path} must be exactly ${MASTER_KEY_BYTES} bytes`);
    return key;
  }
}
