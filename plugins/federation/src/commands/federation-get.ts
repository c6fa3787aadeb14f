import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { backendPairs, requireBackend } from '../federation-view.js';

export class FederationGetCommand extends ScaiVaultCommand {
  static override paths = [['federation', 'get']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Federation',
    description: 'Show one backend: its type, mode, path mapping and where its credentials are kept',
    examples: [
      ['Show a backend', 'scaivault federation get fed_abc'],
      ['By name', 'scaivault federation get hashicorp-production'],
    ],
  });

  backend = Option.String({ name: 'id' });

  async execute(): Promise<number> {
    const client = await this.api();
    const backend = await client.federation.get(requireBackend(this.backend));
    this.output.object(backend, { human: backendPairs(backend) });
    return 0;
  }
}
