import { Tokens } from '../../di/tokens.js';
import { LocalCommand } from '../../plugin/scaivault-command.js';

export class AuthLogoutCommand extends LocalCommand {
  static override paths = [['auth', 'logout']];
  static override effect = 'destroy' as const;

  static override usage = LocalCommand.Usage({
    category: 'Authentication',
    description: 'Remove the stored token and client credentials',
    details:
      'Removes the credentials from the config file, and any temp copies of it an interrupted write left behind. SCAIVAULT_TOKEN in the environment still applies if set.',
    examples: [['Log out', 'scaivault auth logout']],
  });

  protected override readonly requiresValidOutputSetting = false;

  async execute(): Promise<number> {
    const removed = this.resolve(Tokens.Credentials).clear();
    if (this.resolve(Tokens.Env).SCAIVAULT_TOKEN) this.output.warn('SCAIVAULT_TOKEN is set in the environment and still applies');
    this.output.success(removed ? 'Logged out: stored credentials removed' : 'No stored credentials', { removed });
    return 0;
  }
}
