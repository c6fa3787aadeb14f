import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Tokens, UsageError, writeFileAtomic } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { DEFAULT_TOKEN_LABEL, TpmCommand } from '../tpm-command.js';
import { importKeyRoot } from '../key-root-module.js';

export class TpmInitCommand extends TpmCommand {
  static override paths = [['tpm', 'init']];
  static override effect = 'write' as const;

  static override usage = TpmCommand.Usage({
    category: 'TPM',
    description: "Put the local server's master key under a TPM or HSM (PKCS#11)",
    details: `
      Finds the token (or initialises a free slot as one, with the SO PIN and user PIN), creates a non-extractable
      wrapping key on it — AES-256-GCM where the token offers it (an HSM, SoftHSM2), RSA-OAEP with SHA-256 on a TPM — and
      stores only the wrapped master key in \`--data-dir\` (key-root.json). \`scaivault dev --data-dir\` then unwraps it at start
      with the user PIN from SCAIVAULT_TPM_USERPIN or SCAIVAULT_TPM_USERPIN_FILE.
      A data directory whose key is the file master.key is moved onto the token: the same key is wrapped and the file removed,
      so every secret stays readable. An existing key root is replaced only with \`--force\`, which makes a new master key.
      PINs: \`--userpin -\` reads stdin (with \`--sopin -\` too: SO PIN on the first line, user PIN on the second),
      SCAIVAULT_TPM_SOPIN / SCAIVAULT_TPM_USERPIN, or a prompt on a terminal; a PIN on the command line works with a warning.
      Then back the key up: \`scaivault tpm backup --output FILE\`. Without that file, a lost or replaced token means lost data.
    `,
    examples: [
      [
        'Initialise SoftHSM2 and a new data directory',
        'scaivault tpm init --module softhsm --data-dir ./vault-data --sopin - --userpin - < pins.txt',
      ],
      ['On a TPM (tpm2-pkcs11), asked for the PINs', 'scaivault tpm init --module tpm --data-dir /var/lib/scaivault'],
    ],
  });

  sopin = Option.String('--sopin', { description: 'SO PIN, needed only to initialise the token; - reads stdin' });
  userpin = Option.String('--userpin', { description: 'User PIN; - reads stdin' });
  force = Option.Boolean('--force', { description: 'Replace an existing key root with a new master key (its secrets become unreadable)' });

  async execute(): Promise<number> {
    const dir = this.dir;
    const root = await this.keyRoot();
    const fileKey = this.fileKey();
    const label = this.tokenLabel ?? DEFAULT_TOKEN_LABEL;
    const module = this.moduleFor(undefined);
    const keyRoot = await importKeyRoot();
    await this.translate(() => keyRoot.checkTokenLabel(label));
    if (root && !fileKey && !this.force)
      throw new UsageError(
        `${dir} already has a key root (master key ${root.master_key_id} on token '${root.token.label}')`,
        `--force replaces it with a new master key: every secret already stored in ${dir} becomes unreadable`,
      );
    const hasData = existsSync(join(dir, 'scaivault.db'));
    const inputs = this.secretInputs({ sopin: this.sopin, userpin: this.userpin });
    const userPin = await inputs.require('userpin', { confirm: true });
    const masterKey = fileKey ?? randomBytes(32);
    const clock = this.resolve(Tokens.Clock);
    const masterKeyId = root && fileKey ? root.master_key_id : keyRoot.newMasterKeyId();
    try {
      const made = await this.translate(() =>
        keyRoot.wrapOnToken({
          module,
          label,
          userPin,
          soPin: () => inputs.require('sopin', { confirm: true }),
          masterKey,
          masterKeyId,
          createdAt: new Date(clock.now()).toISOString(),
        }),
      );
      const fs = this.resolve(Tokens.FileSystem);
      writeFileAtomic(fs, keyRoot.keyRootPath(dir), keyRoot.serializeKeyRoot(made.root), { mode: 0o600, dirMode: 0o700, now: clock.now() });
      // Only once the wrapped key is safely on disk: the plaintext file goes.
      if (fileKey) rmSync(join(dir, 'master.key'));
      if (root && !fileKey && hasData)
        this.output.warn(`the secrets already in ${dir} were sealed under the replaced master key and can no longer be read`);
      this.output.warn(
        `back the key up now: scaivault tpm backup --data-dir ${dir} --output FILE (without it a lost token means lost data)`,
      );
      const result = {
        data_dir: dir,
        key_root: keyRoot.keyRootPath(dir),
        master_key_id: made.root.master_key_id,
        moved_from_file: Boolean(fileKey),
        token: { module, label: made.token.label, serial: made.token.serial, model: made.token.model, initialised: made.initialisedToken },
        wrapping_key: made.root.wrapping_key,
      };
      this.output.object(result, {
        human: [
          ['Data dir', dir],
          ['Master key', `${made.root.master_key_id}${fileKey ? ' (moved from master.key)' : ' (new)'}`],
          [
            'Token',
            `${made.token.label} (serial ${made.token.serial}, ${made.token.model})${made.initialisedToken ? ', initialised now' : ''}`,
          ],
          ['Module', module],
          ['Wrapping key', `${made.root.wrapping_key.id} (${made.root.wrapping_key.mechanism})`],
        ],
      });
      return 0;
    } finally {
      masterKey.fill(0);
    }
  }
}
