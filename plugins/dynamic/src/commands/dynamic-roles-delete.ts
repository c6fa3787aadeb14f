import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireName } from '../dynamic-view.js';

export class DynamicRolesDeleteCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'roles', 'delete']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'Delete a role',
    details: `
      Refused while the role has live leases (\`role_in_use\`); \`--force\` revokes them at the database first. On a
      terminal this asks for confirmation; elsewhere it needs \`--yes\`.
    `,
    examples: [['Delete a role', 'scaivault dynamic roles delete postgres-prod readonly --yes']],
  });

  engine = Option.String({ name: 'engine' });
  role = Option.String({ name: 'role' });
  force = Option.Boolean('--force', false, { description: 'Revoke the role’s live leases first' });
  yes = Option.Boolean('--yes', false, { description: 'Do not ask for confirmation' });

  async execute(): Promise<number> {
    const engine = requireName(this.engine, 'engine name');
    const role = requireName(this.role, 'role name');
    if (!this.yes) {
      const prompt = this.resolve(Tokens.Prompt);
      if (!prompt.interactive) throw new UsageError(`deleting role ${role} of ${engine}: add --yes to confirm`);
      if (!(await prompt.confirm(`Delete role ${role} of engine ${engine}?`))) {
        this.output.info('Nothing deleted.');
        return 1;
      }
    }
    const client = await this.api();
    await client.dynamic.roles.delete(engine, role, { force: this.force });
    this.output.success(`Deleted role ${role} of engine ${engine}`, { engine, name: role, deleted: true });
    return 0;
  }
}
