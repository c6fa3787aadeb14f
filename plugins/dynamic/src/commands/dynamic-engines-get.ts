import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { enginePairs, requireName } from '../dynamic-view.js';

export class DynamicEnginesGetCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'engines', 'get']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'Show one engine: its connection (with placeholders), root-credentials path and TTLs',
    examples: [
      ['Show an engine', 'scaivault dynamic engines get postgres-prod'],
      ['Where its root credentials are', 'scaivault dynamic engines get postgres-prod --field config.root_credentials_path'],
    ],
  });

  engine = Option.String({ name: 'engine' });

  async execute(): Promise<number> {
    const client = await this.api();
    const engine = await client.dynamic.engines.get(requireName(this.engine, 'engine name'));
    this.output.object(engine, { human: enginePairs(engine) });
    return 0;
  }
}
