import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireName } from '../dynamic-view.js';

export class DynamicEnginesDeleteCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'engines', 'delete']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'Delete an engine and its roles',
    details: `
      Refused while the engine has live leases (exit 1, \`engine_in_use\`); \`--force\` revokes them at the database
      first, and deletes nothing if any revocation fails. On a terminal this asks for confirmation; elsewhere it
      needs \`--yes\`.
    `,
    examples: [
      ['Delete an engine without leases', 'scaivault dynamic engines delete postgres-old --yes'],
      ['Revoke its leases and delete it', 'scaivault dynamic engines delete postgres-old --force --yes'],
    ],
  });

  engine = Option.String({ name: 'engine' });
  force = Option.Boolean('--force', false, { description: 'Revoke the engine’s live leases first' });
  yes = Option.Boolean('--yes', false, { description: 'Do not ask for confirmation' });

  async execute(): Promise<number> {
    const name = requireName(this.engine, 'engine name');
    if (!this.yes) {
      const prompt = this.resolve(Tokens.Prompt);
      if (!prompt.interactive) throw new UsageError(`deleting engine ${name} removes its roles: add --yes to confirm`);
      if (!(await prompt.confirm(`Delete engine ${name}${this.force ? ' and revoke its leases' : ''}?`))) {
        this.output.info('Nothing deleted.');
        return 1;
      }
    }
    const client = await this.api();
    await client.dynamic.engines.delete(name, { force: this.force });
    this.output.success(`Deleted engine ${name}`, { name, deleted: true });
    return 0;
  }
}
