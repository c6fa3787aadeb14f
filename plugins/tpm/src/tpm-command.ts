import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, LocalCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { KeyRoot } from '@scaivault/server/key-root';
import { BackupError } from './backup-blob.js';
import { resolveModule } from './default-module.js';
import { SecretInputs, type SecretInputName } from './secret-inputs.js';
import { tokenCliError } from './token-cli-error.js';
import { importKeyRoot } from './key-root-module.js';

export const DEFAULT_TOKEN_LABEL = 'scaivault';
export const DEFAULT_DATA_DIR = './vault-data';

/**
 * What every tpm command shares: the module, the token label and the data directory it serves,
 * reading PINs without argv, and turning token and backup failures into one-line errors.
 */
export abstract class TpmCommand extends LocalCommand {
  module = Option.String('--module', {
    description: 'PKCS#11 library: a path, or tpm / softhsm for the usual install (default tpm2-pkcs11 if installed, else SoftHSM2)',
  });

  tokenLabel = Option.String('--token-label', { description: `Label of the token to use or initialise (default ${DEFAULT_TOKEN_LABEL})` });

  dataDir = Option.String('--data-dir', { description: `The server's data directory (default ${DEFAULT_DATA_DIR})` });

  protected get dir(): string {
    return resolve(this.dataDir ?? DEFAULT_DATA_DIR);
  }

  protected moduleFor(root?: KeyRoot): string {
    if (this.module === undefined && root && existsSync(root.token.module)) return root.token.module;
    return resolveModule(this.module, this.resolve(Tokens.Env));
  }

  protected secretInputs(given: Partial<Record<SecretInputName, string | undefined>>): SecretInputs {
    return new SecretInputs(given, {
      stdin: this.context.stdin,
      env: this.resolve(Tokens.Env),
      prompt: this.resolve(Tokens.Prompt),
      warn: (text) => this.output.warn(text),
    });
  }

  /** The key root of the data directory, or undefined; an unreadable one is exit 5. */
  protected async keyRoot(): Promise<KeyRoot | undefined> {
    const { readKeyRoot } = await importKeyRoot();
    return this.translate(() => readKeyRoot(this.dir));
  }

  /** The file-held master key (`master.key`) of the data directory, when it has one. */
  protected fileKey(): Buffer | undefined {
    const path = join(this.dir, 'master.key');
    if (!existsSync(path)) return undefined;
    if ((statSync(path).mode & 0o077) !== 0) throw new UsageError(`${path} is readable by other users; chmod 600 it first`);
    const key = readFileSync(path);
    if (key.length !== 32) throw new UsageError(`${path} must hold exactly 32 bytes (it holds ${key.length})`);
    return key;
  }

  /** Runs token and backup work, reporting their failures the CLI's way. */
  protected async translate<T>(work: () => T | Promise<T>): Promise<T> {
    const { TokenError } = await importKeyRoot();
    try {
      return await work();
    } catch (error) {
      if (error instanceof CliError) throw error;
      if (error instanceof TokenError) throw tokenCliError(error);
      if (error instanceof BackupError) throw new UsageError(error.message, 'nothing was changed');
      // The key-root file's own errors (EMASTERKEY) are about a file the user can fix.
      if ((error as { code?: string }).code === 'EMASTERKEY') throw new UsageError((error as Error).message);
      throw error;
    }
  }
}
