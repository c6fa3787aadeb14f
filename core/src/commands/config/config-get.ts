import { Option } from 'clipanion';
import { NotFoundError } from '../../errors/cli-error.js';
import { LocalCommand } from '../../plugin/scaivault-command.js';

export class ConfigGetCommand extends LocalCommand {
  static override paths = [['config', 'get']];
  static override effect = 'reveal' as const;
  static override reveals = ['value'];

  static override usage = LocalCommand.Usage({
    category: 'Configuration',
    description: 'Print the effective value of a configuration key',
    details: `
      Prints the value in effect, whichever source it comes from (environment, file or default).
      Secret keys (token, client_secret) are masked unless \`--reveal\` is given.
    `,
    examples: [
      ['Print the API URL', 'scaivault config get base_url'],
      ['Show where a value comes from', 'scaivault config get base_url --json'],
    ],
  });

  key = Option.String({ name: 'key' });
  reveal = Option.Boolean('--reveal', false, { description: 'Print secret values in full' });

  async execute(): Promise<number> {
    const entry = this.config.get(this.key);
    if (!entry) throw new NotFoundError(`${this.key} is not set`);
    const value = entry.key.secret && !this.reveal ? mask(entry.value) : entry.value;
    this.output.object({ key: this.key, value, source: entry.source }, { human: `${value}\n` });
    return 0;
  }
}

/** Enough of a token to recognise it, never enough to use it. */
export function mask(value: string): string {
  return value.length <= 8 ? '****' : `${value.slice(0, 4)}****`;
}
