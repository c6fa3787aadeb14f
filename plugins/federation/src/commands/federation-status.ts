import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireBackend, statusPairs } from '../federation-view.js';

export class FederationStatusCommand extends ScaiVaultCommand {
  static override paths = [['federation', 'status']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Federation',
    description: 'Check a backend now: connection and latency, and (sync mode) the last sync and its counts',
    details: `
      The server makes one authenticated request to the backend and times it. \`status\` is \`healthy\`, \`degraded\`
      (connected, but the last sync failed or conflicts are open) or \`down\` (\`connection.status\` says why:
      \`unreachable\`, \`auth_failed\` or \`error\`). Exit 0 whatever the backend's state; the state is the answer.
    `,
    examples: [
      ['Status of a backend', 'scaivault federation status fed_abc'],
      ['Only the latency', 'scaivault federation status fed_abc --field connection.latency_ms'],
    ],
  });

  backend = Option.String({ name: 'id' });

  async execute(): Promise<number> {
    const client = await this.api();
    const status = await client.federation.status(requireBackend(this.backend));
    this.output.object(status, { human: statusPairs(status) });
    return 0;
  }
}
