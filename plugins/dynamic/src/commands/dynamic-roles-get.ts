import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireName, rolePairs } from '../dynamic-view.js';

export class DynamicRolesGetCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'roles', 'get']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'Show one role: its statements and TTLs',
    examples: [['Show a role', 'scaivault dynamic roles get postgres-prod readonly']],
  });

  engine = Option.String({ name: 'engine' });
  role = Option.String({ name: 'role' });

  async execute(): Promise<number> {
    const client = await this.api();
    const role = await client.dynamic.roles.get(requireName(this.engine, 'engine name'), requireName(this.role, 'role name'));
    this.output.object(role, { human: rolePairs(role) });
    return 0;
  }
}
