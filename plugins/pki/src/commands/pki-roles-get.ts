import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/pki-input.js';

export class PkiRolesGetCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'roles', 'get']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Show a role',
    examples: [['Show a role', 'scaivault pki roles get svc-mtls']],
  });

  name = Option.String({ name: 'role-name' });

  async execute(): Promise<number> {
    const name = requireId(this.name, 'role name');
    const client = await this.api();
    this.output.object(await client.pki.roles.get(name));
    return 0;
  }
}
