import { ScaiVaultCommand } from '../../plugin/scaivault-command.js';
import { identityPairs } from './identity-view.js';

export class AuthWhoamiCommand extends ScaiVaultCommand {
  static override paths = [['auth', 'whoami']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Authentication',
    description: 'Show the identity the current credentials resolve to',
    details: 'Calls `GET /v1/auth/whoami`. Exits 2 when the token is missing, invalid or expired.',
    examples: [
      ['Show who you are', 'scaivault auth whoami'],
      ['Print only the identity id', 'scaivault auth whoami --field identity_id'],
    ],
  });

  async execute(): Promise<number> {
    const client = await this.api();
    const identity = await client.auth.whoami();
    this.output.object(identity, { human: identityPairs(identity as unknown as Record<string, unknown>) });
    return 0;
  }
}
