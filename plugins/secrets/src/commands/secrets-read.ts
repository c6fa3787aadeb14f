import { ScaiVaultCommand, parseInteger, requireSecretPath } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { secretPairs } from '../secret-view.js';

export class SecretsReadCommand extends ScaiVaultCommand {
  static override paths = [['secrets', 'read']];
  static override effect = 'reveal' as const;
  static override reveals = ['data'];

  static override usage = ScaiVaultCommand.Usage({
    category: 'Secrets',
    description: 'Read a secret (the current version, or --version N)',
    details: `
      \`--field F\` prints one value of the secret's data, raw, for \`$(...)\` in scripts (no trailing newline when stdout
      is not a terminal). \`--json\` prints the whole secret: path, version, secret_type, data, metadata and timestamps.
    `,
    examples: [
      ['Read a secret', 'scaivault secrets read app/db/credentials'],
      ['Use one value in a script', 'PGPASSWORD=$(scaivault secrets read app/db/credentials --field password)'],
      ['Read an older version as JSON', 'scaivault secrets read app/db/credentials --version 2 --json'],
    ],
  });

  secretPath = Option.String({ name: 'path' });
  version = Option.String('--version', { description: 'Read this version instead of the current one' });

  async execute(): Promise<number> {
    const path = requireSecretPath(this.secretPath);
    const version = this.version === undefined ? undefined : parseInteger(this.version, '--version');
    const client = await this.api();
    const secret = await client.secrets.read(path, version === undefined ? {} : { version });
    this.output.object(secret, { fieldRoot: secret.data, human: secretPairs(secret) });
    return 0;
  }
}
