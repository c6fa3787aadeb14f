import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/pki-input.js';

export class PkiRolesDeleteCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'roles', 'delete']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Delete a role (certificates it issued stay valid)',
    details: 'On a terminal this asks first; elsewhere it needs `--yes`.',
    examples: [['In a script', 'scaivault pki roles delete svc-mtls --yes']],
  });

  name = Option.String({ name: 'role-name' });
  yes = Option.Boolean('--yes,--force', false, { description: 'Do not ask for confirmation' });

  async execute(): Promise<number> {
    const name = requireId(this.name, 'role name');
    if (!this.yes) {
      const prompt = this.resolve(Tokens.Prompt);
      if (!prompt.interactive) throw new UsageError(`deleting role ${name} stops issuing under it: add --yes to confirm`);
      if (!(await prompt.confirm(`Delete role ${name}?`))) {
        this.output.info('Nothing deleted.');
        return 1;
      }
    }
    const client = await this.api();
    await client.pki.roles.delete(name);
    this.output.success(`Deleted role ${name}`, { name, deleted: true });
    return 0;
  }
}
