import { Option } from 'clipanion';
import { LocalCommand } from '../../plugin/scaivault-command.js';

export class ConfigUnsetCommand extends LocalCommand {
  static override paths = [['config', 'unset']];
  static override effect = 'write' as const;

  static override usage = LocalCommand.Usage({
    category: 'Configuration',
    description: 'Remove a configuration value from the config file',
    examples: [['Go back to the default output format', 'scaivault config unset output']],
  });

  key = Option.String({ name: 'key' });
  protected override readonly requiresValidOutputSetting = false;

  async execute(): Promise<number> {
    const removed = this.config.unset(this.key);
    this.output.success(removed ? `${this.key} removed from ${this.config.path}` : `${this.key} was not set in ${this.config.path}`, {
      key: this.key,
      removed,
    });
    return 0;
  }
}
