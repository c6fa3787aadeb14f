import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/resource-id.js';

export class SecretPoliciesDeleteCommand extends ScaiVaultCommand {
  static override paths = [['secret-policies', 'delete']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Secret policies',
    description: 'Delete a secret policy',
    details: `
      Secrets and rotation policies that name it can no longer generate values with it. Deleting cannot be undone: on a
      terminal the command asks for confirmation; elsewhere it needs \`--yes\` (or \`--force\`).
    `,
    examples: [
      ['Delete a secret policy', 'scaivault secret-policies delete sp_old_passwords'],
      ['In a script', 'scaivault secret-policies delete sp_old_passwords --yes'],
    ],
  });

  policyId = Option.String({ name: 'policy-id' });
  yes = Option.Boolean('--yes,--force', false, { description: 'Do not ask for confirmation' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'secret policy id');
    if (!this.yes) {
      const prompt = this.resolve(Tokens.Prompt);
      if (!prompt.interactive) throw new UsageError(`deleting ${id} cannot be undone: add --yes to confirm`);
      if (!(await prompt.confirm(`Delete secret policy ${id}?`))) {
        this.output.info('Nothing deleted.');
        return 1;
      }
    }
    const client = await this.api();
    await client.secretPolicies.delete(id);
    this.output.success(`Deleted secret policy ${id}`, { id, deleted: true });
    return 0;
  }
}
