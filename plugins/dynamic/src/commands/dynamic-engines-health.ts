import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireName } from '../dynamic-view.js';

export class DynamicEnginesHealthCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'engines', 'health']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'Check that an engine can log in to its database',
    details: `
      Opens a fresh connection with the engine's root credentials. Exit 0 when healthy, 1 when not (the reason is
      printed, never a credential).
    `,
    examples: [['Check an engine', 'scaivault dynamic engines health postgres-prod']],
  });

  engine = Option.String({ name: 'engine' });

  async execute(): Promise<number> {
    const client = await this.api();
    const health = await client.dynamic.engines.health(requireName(this.engine, 'engine name'));
    this.output.object(health, {
      human: [
        ['engine', health.engine],
        ['status', health.status],
        ['latency_ms', health.latency_ms],
        ...(health.error ? ([['error', health.error]] as Array<[string, unknown]>) : []),
      ],
    });
    return health.status === 'healthy' ? 0 : 1;
  }
}
