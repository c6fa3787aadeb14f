import { ScaiVaultCommand, requireSecretPath } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';

export class SecretsRestoreCommand extends ScaiVaultCommand {
  static override paths = [['secrets', 'restore']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Secrets',
    description: 'Undo a soft delete: the secret comes back with all its versions',
    details: `
      Works while the soft-deleted secret is recoverable (the retention period after \`secrets delete\`); a secret deleted
      with \`--hard\` is gone for good. Under \`--json\` the output is the restored secret without its value.
    `,
    examples: [
      ['Restore a deleted secret', 'scaivault secrets restore app/old'],
      ['Restore, then read it', 'scaivault secrets restore app/db/credentials && scaivault secrets read app/db/credentials'],
    ],
  });

  secretPath = Option.String({ name: 'path' });

  async execute(): Promise<number> {
    const path = requireSecretPath(this.secretPath);
    const client = await this.api();
    const restored = await client.secrets.restore(path);
    this.output.success(`Restored ${restored.path} (version ${restored.version})`, restored);
    return 0;
  }
}
