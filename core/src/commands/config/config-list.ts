import { LocalCommand } from '../../plugin/scaivault-command.js';
import { mask } from './config-get.js';

export class ConfigListCommand extends LocalCommand {
  static override paths = [['config', 'list']];
  static override effect = 'read' as const;

  static override usage = LocalCommand.Usage({
    category: 'Configuration',
    description: 'List every configuration value in effect and where it comes from',
    details: 'Secret values are masked. Sources: flag, env, file, default.',
    examples: [['List the configuration', 'scaivault config list']],
  });

  async execute(): Promise<number> {
    const settings = this.config.list().map(({ key, value, source }) => ({
      key: key.name,
      value: key.secret ? mask(value) : value,
      source,
    }));
    this.output.list(
      'settings',
      settings,
      [
        { header: 'key', value: (s) => s.key },
        { header: 'value', value: (s) => s.value },
        { header: 'source', value: (s) => s.source },
      ],
      { path: this.config.path },
    );
    return 0;
  }
}
