import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/names.js';

export class ServiceAccountsDeleteKeyCommand extends ScaiVaultCommand {
  static override paths = [['service-accounts', 'delete-key']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Service accounts',
    description: 'Revoke one API key of a service account',
    details: `
      The key stops authenticating at once (a request with it answers \`token_revoked\`); it stays listed as revoked.
      On a terminal the command asks for confirmation; elsewhere it needs \`--yes\` (or \`--force\`).
    `,
    examples: [
      ['Revoke a key', 'scaivault service-accounts delete-key sva_abc key_xyz'],
      ['In a script', 'scaivault service-accounts delete-key sva_abc key_xyz --yes'],
    ],
  });

  accountId = Option.String({ name: 'account-id' });
  keyId = Option.String({ name: 'key-id' });
  yes = Option.Boolean('--yes,--force', false, { description: 'Do not ask for confirmation' });

  async execute(): Promise<number> {
    const accountId = requireId(this.accountId, 'sva', 'service account id');
    const keyId = requireId(this.keyId, 'key', 'key id');
    if (!this.yes) {
      const prompt = this.resolve(Tokens.Prompt);
      if (!prompt.interactive) throw new UsageError(`revoking ${keyId} cannot be undone: add --yes to confirm`);
      if (!(await prompt.confirm(`Revoke API key ${keyId} of ${accountId}? Anything using it stops working.`))) {
        this.output.info('Nothing revoked.');
        return 1;
      }
    }
    const client = await this.api();
    await client.serviceAccounts.deleteKey(accountId, keyId);
    this.output.success(`Revoked API key ${keyId} of ${accountId}`, { service_account_id: accountId, key_id: keyId, revoked: true });
    return 0;
  }
}
