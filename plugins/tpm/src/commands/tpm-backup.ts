import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { NotFoundError, Tokens, UsageError, writeFileAtomic } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { sealBackup } from '../backup-blob.js';
import { TpmCommand } from '../tpm-command.js';
import { importKeyRoot } from '../key-root-module.js';

export class TpmBackupCommand extends TpmCommand {
  static override paths = [['tpm', 'backup']];
  static override effect = 'write' as const;

  static override usage = TpmCommand.Usage({
    category: 'TPM',
    description: 'Write the backup a new host needs to recover the master key',
    details: `
      Unwraps the master key through the token and writes it to \`--output\` encrypted (AES-256-GCM) under a key derived with
      scrypt (128 MiB per guess) from \`--passphrase\` — recommended — or else from the user PIN. The file (mode 0600, written
      atomically, never over an existing file unless \`--force\`) says in clear which master key it holds and when it was made;
      without the passphrase or PIN it is useless. A short PIN can be guessed offline from this file: see docs/tpm.md.
      Restore it on a new host with \`scaivault tpm restore --input FILE\`.
    `,
    examples: [
      ['Back up under a passphrase, both from stdin', 'scaivault tpm backup --output backup.blob --userpin - --passphrase - < secrets.txt'],
      ['The seed form (PIN visible in the process list)', 'scaivault tpm backup --output backup.blob --userpin 1234'],
    ],
  });

  output_ = Option.String('--output', { required: true, description: 'File to write the backup to' });
  userpin = Option.String('--userpin', { description: 'User PIN; - reads stdin' });
  passphrase = Option.String('--passphrase', {
    description: 'Encrypt under this passphrase instead of the user PIN (recommended); - reads stdin',
  });
  force = Option.Boolean('--force', { description: 'Replace an existing file at --output' });

  async execute(): Promise<number> {
    const target = resolve(this.output_);
    const root = await this.keyRoot();
    if (!root) throw new NotFoundError(`${this.dir} has no key root`, 'run `scaivault tpm init` first, or pass --data-dir');
    if (existsSync(target) && !this.force)
      throw new UsageError(`${target} already exists`, 'pass --force to replace it, or choose another --output');
    const env = this.resolve(Tokens.Env);
    const inputs = this.secretInputs({ userpin: this.userpin, passphrase: this.passphrase });
    const userPin = await inputs.require('userpin');
    const passphrase =
      this.passphrase !== undefined || env.SCAIVAULT_TPM_PASSPHRASE ? await inputs.require('passphrase', { confirm: true }) : undefined;
    const { unwrapFromToken } = await importKeyRoot();
    const masterKey = await this.translate(() => unwrapFromToken(root, userPin));
    const clock = this.resolve(Tokens.Clock);
    const backedUpAt = new Date(clock.now()).toISOString();
    let text: string;
    try {
      text = await sealBackup(
        masterKey,
        {
          masterKeyId: root.master_key_id,
          createdAt: root.created_at,
          backedUpAt,
          secretKind: passphrase === undefined ? 'user-pin' : 'passphrase',
        },
        passphrase ?? userPin,
      );
    } finally {
      masterKey.fill(0);
    }
    // Checked again just before writing: another process may have made the file meanwhile.
    if (existsSync(target) && !this.force) throw new UsageError(`${target} already exists`, 'pass --force to replace it');
    writeFileAtomic(this.resolve(Tokens.FileSystem), target, text, { mode: 0o600, now: clock.now() });
    if (passphrase === undefined)
      this.output.warn(
        'the backup is encrypted under the user PIN: a short PIN can be guessed offline from this file; prefer --passphrase',
      );
    const result = {
      output: target,
      master_key_id: root.master_key_id,
      created_at: root.created_at,
      backed_up_at: backedUpAt,
      secret: passphrase === undefined ? 'user-pin' : 'passphrase',
    };
    this.output.object(result, {
      human: [
        ['Backup', target],
        ['Master key', root.master_key_id],
        ['Encrypted under', passphrase === undefined ? 'the user PIN' : 'the passphrase'],
      ],
    });
    return 0;
  }
}
