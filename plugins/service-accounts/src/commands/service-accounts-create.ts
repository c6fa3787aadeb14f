import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { accountPairs } from '../account-view.js';
import { parseRoleList, requireName } from '../input/names.js';

export class ServiceAccountsCreateCommand extends ScaiVaultCommand {
  static override paths = [['service-accounts', 'create']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Service accounts',
    description: 'Create a service account: a non-human identity (sa:<name>) for pipelines and services',
    details: `
      \`--roles\` takes a comma-separated list: secrets-reader, secrets-writer, secrets-rotator, policy-admin, auditor,
      subscriber or admin. The account can do nothing until it has an API key (\`create-key\`) and, for secret paths, a
      bound access policy (\`scaivault policies bind\`).
    `,
    examples: [
      ['Create an account for a CI pipeline', 'scaivault service-accounts create --name "CI Pipeline" --roles secrets-reader'],
      ['Keep only the id, for a script', 'scaivault service-accounts create --name rotator --roles secrets-rotator --field id'],
    ],
  });

  name = Option.String('--name', { required: true, description: 'Display name; the identity becomes sa:<name as a slug>' });
  roles = Option.String('--roles', { required: true, description: 'Comma-separated roles, e.g. secrets-reader,auditor' });
  description = Option.String('--description', { description: 'What the account is for' });

  async execute(): Promise<number> {
    const name = requireName(this.name);
    const roles = parseRoleList(this.roles);
    const client = await this.api();
    const account = await client.serviceAccounts.create({ name, roles, ...(this.description ? { description: this.description } : {}) });
    this.output.object(account, { human: accountPairs(account) });
    if (!this.output.json && this.field === undefined)
      this.output.info(`Next: scaivault service-accounts create-key ${account.id} --name <key name>`);
    return 0;
  }
}
