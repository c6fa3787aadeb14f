import { Option } from 'clipanion';
import { LocalCommand } from '../../plugin/scaivault-command.js';

export class ConfigSetCommand extends LocalCommand {
  static override paths = [['config', 'set']];

  static override usage = LocalCommand.Usage({
    category: 'Configuration',
    description: 'Set a configuration value',
    details: `
      Writes the value to \`config.json\` in the scaivault home (\`~/.scaivault\`, or \`$SCAIVAULT_HOME\`), atomically and with mode 0600.
      Environment variables (\`SCAIVAULT_URL\`, \`SCAIVAULT_TOKEN\`, ...) still override the file.
      Keys: base_url, token, client_id, client_secret, token_url, tenant_id, partner_id, output, timeout.
      Prefer \`scaivault auth login\` for tokens: it checks them first and keeps them out of your shell history.
    `,
    examples: [
      ['Point the CLI at a server', 'scaivault config set base_url https://vault.example'],
      ['Print JSON by default', 'scaivault config set output json'],
    ],
  });

  key = Option.String({ name: 'key' });
  value = Option.String({ name: 'value' });

  async execute(): Promise<number> {
    this.config.set(this.key, this.value);
    const secret = this.config.get(this.key)?.key.secret;
    this.output.success(`${this.key} set in ${this.config.path}`, { key: this.key, value: secret ? '****' : this.value });
    return 0;
  }
}
