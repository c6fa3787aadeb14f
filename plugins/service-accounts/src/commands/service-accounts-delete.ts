import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/names.js';

export class ServiceAccountsDeleteCommand extends ScaiVaultCommand {
  static override paths = [['service-accounts', 'delete']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Service accounts',
    description: 'Delete a service account and every API key it has',
    details: `
      Every key of the account stops working at once. On a terminal the command asks for confirmation; elsewhere it
      needs \`--yes\` (or \`--force\`).
    `,
    examples: [
      ['Delete an account', 'scaivault service-accounts delete sva_abc'],
      ['In a script', 'scaivault service-accounts delete sva_abc --yes'],
    ],
  });

  accountId = Option.String({ name: 'account-id' });
  yes = Option.Boolean('--yes,--force', false, { description: 'Do not ask for confirmation' });

  async execute(): Promise<number> {
    const id = requireId(this.accountId, 'sva', 'service account id');
    if (!this.yes) {
      const prompt = this.resolve(Tokens.Prompt);
      if (!prompt.interactive) throw new UsageError(`deleting ${id} revokes all its API keys: add --yes to confirm`);
      if (!(await prompt.confirm(`Delete service account ${id} and revoke all its API keys?`))) {
        this.output.info('Nothing deleted.');
        return 1;
      }
    }
    const client = await this.api();
    await client.serviceAccounts.delete(id);
    this.output.success(`Deleted service account ${id} and its API keys`, { id, deleted: true });
    return 0;
  }
}
