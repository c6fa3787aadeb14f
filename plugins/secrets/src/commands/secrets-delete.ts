import { ScaiVaultCommand, Tokens, UsageError, requireSecretPath } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';

export class SecretsDeleteCommand extends ScaiVaultCommand {
  static override paths = [['secrets', 'delete']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Secrets',
    description: 'Delete a secret (soft by default; --hard deletes every version for good)',
    details: `
      A soft delete can be undone with \`secrets restore\` during the retention period. \`--hard\` removes the secret and all its versions
      permanently: on a terminal it asks for confirmation; elsewhere it needs \`--yes\` (or \`--force\`).
    `,
    examples: [
      ['Soft-delete a secret', 'scaivault secrets delete app/old'],
      ['Delete for good, in a script', 'scaivault secrets delete app/old --hard --yes'],
    ],
  });

  secretPath = Option.String({ name: 'path' });
  hard = Option.Boolean('--hard', false, { description: 'Delete permanently, every version' });
  yes = Option.Boolean('--yes,--force', false, { description: 'Do not ask for confirmation' });

  async execute(): Promise<number> {
    const path = requireSecretPath(this.secretPath);
    if (this.hard && !this.yes) {
      const prompt = this.resolve(Tokens.Prompt);
      if (!prompt.interactive) throw new UsageError('--hard deletes every version permanently: add --yes to confirm');
      if (!(await prompt.confirm(`Permanently delete ${path} and all its versions?`))) {
        this.output.info('Nothing deleted.');
        return 1;
      }
    }
    const client = await this.api();
    await client.secrets.delete(path, { permanent: this.hard });
    this.output.success(
      this.hard
        ? `Deleted ${path} permanently`
        : `Deleted ${path} (recoverable with \`scaivault secrets restore ${path}\` until the retention period ends)`,
      {
        path,
        deleted: true,
        permanent: this.hard,
      },
    );
    return 0;
  }
}
