import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NotFoundError, Tokens, UsageError, writeFileAtomic } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { openBackup, readBackupHeader } from '../backup-blob.js';
import { DEFAULT_TOKEN_LABEL, TpmCommand } from '../tpm-command.js';
import { importKeyRoot } from '../key-root-module.js';

export class TpmRestoreCommand extends TpmCommand {
  static override paths = [['tpm', 'restore']];
  static override effect = 'write' as const;

  static override usage = TpmCommand.Usage({
    category: 'TPM',
    description: "Recover the master key from a backup onto this host's token",
    details: `
      Opens the backup with the user PIN it was made with (or \`--passphrase\` if it was made with one) and checks it before
      anything changes: a wrong PIN, a truncated or altered file, or a backup of another key root than the data directory's
      is refused with exit 5. Then it finds or initialises this host's token (\`--sopin\` only if it must be initialised),
      wraps the master key under a new wrapping key there, and writes key-root.json in \`--data-dir\`. Copy the old host's
      data directory there first (or restore into an empty one and copy scaivault.db in afterwards).
    `,
    examples: [
      [
        'Restore on a new host with SoftHSM2',
        'scaivault tpm restore --input backup.blob --module softhsm --data-dir ./vault-data --sopin - --userpin - < pins.txt',
      ],
      ['The seed form', 'scaivault tpm restore --input backup.blob --userpin 1234'],
    ],
  });

  input = Option.String('--input', { required: true, description: 'The backup file from `scaivault tpm backup`' });
  sopin = Option.String('--sopin', { description: "SO PIN, needed only to initialise this host's token; - reads stdin" });
  userpin = Option.String('--userpin', { description: 'User PIN; - reads stdin' });
  passphrase = Option.String('--passphrase', { description: 'The passphrase the backup was made with; - reads stdin' });
  force = Option.Boolean('--force', { description: "Replace a data directory's key root even if it is for another master key" });

  async execute(): Promise<number> {
    const source = resolve(this.input);
    if (!existsSync(source)) throw new NotFoundError(`the backup ${source} does not exist`);
    const text = readFileSync(source, 'utf8');
    // The clear part first: a file that is not a backup, or the wrong one, needs no PIN to refuse.
    const { header } = await this.translate(() => readBackupHeader(text));
    const dir = this.dir;
    const root = await this.keyRoot();
    if (root && root.master_key_id !== header.master_key_id && !this.force)
      throw new UsageError(
        `this backup holds master key ${header.master_key_id}, but ${dir} belongs to ${root.master_key_id}: it is a backup of another key root`,
        'pass the backup of this data directory, or --data-dir of the one it belongs to',
      );
    if (existsSync(join(dir, 'master.key')))
      throw new UsageError(
        `${dir} holds a file master key (master.key)`,
        'restore into the data directory the backup was made from, or an empty one',
      );
    const inputs = this.secretInputs({ sopin: this.sopin, userpin: this.userpin, passphrase: this.passphrase });
    const userPin = await inputs.require('userpin');
    const secret = header.secret === 'passphrase' ? await inputs.require('passphrase') : userPin;
    const { masterKey } = await this.translate(() => openBackup(text, secret));
    try {
      const module = this.moduleFor(root);
      const label = this.tokenLabel ?? DEFAULT_TOKEN_LABEL;
      const keyRoot = await importKeyRoot();
      const made = await this.translate(() =>
        keyRoot.wrapOnToken({
          module,
          label,
          userPin,
          soPin: () => inputs.require('sopin', { confirm: true }),
          masterKey,
          masterKeyId: header.master_key_id,
          createdAt: header.created_at,
        }),
      );
      const clock = this.resolve(Tokens.Clock);
      writeFileAtomic(this.resolve(Tokens.FileSystem), keyRoot.keyRootPath(dir), keyRoot.serializeKeyRoot(made.root), {
        mode: 0o600,
        dirMode: 0o700,
        now: clock.now(),
      });
      const result = {
        data_dir: dir,
        key_root: keyRoot.keyRootPath(dir),
        master_key_id: header.master_key_id,
        token: { module, label: made.token.label, serial: made.token.serial, model: made.token.model, initialised: made.initialisedToken },
        wrapping_key: made.root.wrapping_key,
      };
      this.output.object(result, {
        human: [
          ['Data dir', dir],
          ['Master key', `${header.master_key_id} (made ${header.created_at})`],
          ['Token', `${made.token.label} (serial ${made.token.serial})${made.initialisedToken ? ', initialised now' : ''}`],
          ['Wrapping key', `${made.root.wrapping_key.id} (${made.root.wrapping_key.mechanism})`],
        ],
      });
      return 0;
    } finally {
      masterKey.fill(0);
    }
  }
}
