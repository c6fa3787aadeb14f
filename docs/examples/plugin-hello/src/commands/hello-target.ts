import { ScaiVaultCommand } from '@scaivault/core';

/** Shows how a plugin reads core services: the configuration resolved from flags, env and file. */
export class HelloTargetCommand extends ScaiVaultCommand {
  static override paths = [['hello', 'target']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Hello',
    description: 'Print the ScaiVault URL this CLI talks to and where that setting comes from',
    examples: [['Show the target', 'scaivault hello target']],
  });

  async execute(): Promise<number> {
    const entry = this.config.get('base_url')!;
    this.output.object({ base_url: entry.value, source: entry.source }, { human: `${entry.value} (from ${entry.source})` });
    return 0;
  }
}
