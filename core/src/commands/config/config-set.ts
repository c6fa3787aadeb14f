import { Option } from 'clipanion';
import { requireConfigKey } from '../../config/config-keys.js';
import { Tokens } from '../../di/tokens.js';
import { UsageError } from '../../errors/cli-error.js';
import { LocalCommand } from '../../plugin/scaivault-command.js';
import { readCredential } from '../../services/read-stdin.js';
import { readSecretInput } from '../../services/secret-input.js';

export class ConfigSetCommand extends LocalCommand {
  static override paths = [['config', 'set']];
  static override effect = 'write' as const;

  static override usage = LocalCommand.Usage({
    category: 'Configuration',
    description: 'Set a configuration value',
    details: `
      Writes the value to \`config.json\` in the scaivault home (\`~/.scaivault\`, or \`$SCAIVAULT_HOME\`), atomically and with mode 0600.
      Environment variables (\`SCAIVAULT_URL\`, \`SCAIVAULT_TOKEN\`, ...) still override the file.
      Keys: base_url, token, client_id, client_secret, token_url, tenant_id, partner_id, output, timeout.
      \`timeout\` is a duration: a number and a unit (s, m, h, d or w), or several combined, e.g. \`30s\` or \`1m30s\`.

      A value of \`-\` is read from stdin. For the secret keys (token, client_secret), \`-\` or leaving out the value asks for it
      without echo on a terminal, so it stays out of the process list and shell history.
      Prefer \`scaivault auth login\` for tokens: it checks them first.
    `,
    examples: [
      ['Point the CLI at a server', 'scaivault config set base_url https://vault.example'],
      ['Print JSON by default', 'scaivault config set output json'],
      ['Store a client secret from a file', 'scaivault config set client_secret - < secret.txt'],
    ],
  });

  key = Option.String({ name: 'key' });
  value = Option.String({ name: 'value', required: false });

  // A bad `output` in the file must not stop the command that fixes it.
  protected override readonly requiresValidOutputSetting = false;

  async execute(): Promise<number> {
    const secret = requireConfigKey(this.key).secret ?? false;
    const value = secret ? await this.readSecret() : await this.readPlain();
    this.config.set(this.key, value);
    this.output.success(`${this.key} set in ${this.config.path}`, { key: this.key, value: secret ? '****' : value });
    return 0;
  }

  private readSecret(): Promise<string> {
    const what = this.key.replace(/_/g, ' ');
    return readSecretInput(this.value, what, {
      stdin: this.context.stdin,
      prompt: this.resolve(Tokens.Prompt),
      missingHint: `pass - and pipe the ${what} on stdin: scaivault config set ${this.key} -`,
    });
  }

  private async readPlain(): Promise<string> {
    if (this.value === undefined)
      throw new UsageError(`no value given for ${this.key}`, `run \`scaivault config set ${this.key} <value>\``);
    return this.value === '-' ? readCredential(this.context.stdin) : this.value;
  }
}
