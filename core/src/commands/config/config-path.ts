import { LocalCommand } from '../../plugin/scaivault-command.js';

export class ConfigPathCommand extends LocalCommand {
  static override paths = [['config', 'path']];
  static override effect = 'read' as const;

  static override usage = LocalCommand.Usage({
    category: 'Configuration',
    description: 'Print the path of the config file',
    examples: [['Edit the config file', '"$EDITOR" "$(scaivault config path)"']],
  });

  protected override readonly requiresValidOutputSetting = false;

  async execute(): Promise<number> {
    this.output.object({ path: this.config.path, home: this.config.home }, { human: `${this.config.path}\n`, fieldRoot: undefined });
    return 0;
  }
}
