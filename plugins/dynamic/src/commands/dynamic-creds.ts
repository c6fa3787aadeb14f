import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { credentialPairs, requireName, ttlFlag } from '../dynamic-view.js';

export class DynamicCredsCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'creds']];
  static override effect = 'write' as const;
  static override reveals = ['data.password', 'data.connection_url'];

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'Create a short-lived database login under a role, with its lease',
    details: `
      ScaiVault creates the login at the database now and drops it when the lease expires or is revoked. The password
      is shown once and kept nowhere: the table view hides it — use \`--json\` (\`{"lease_id", "lease_duration",
      "renewable", "data": {"username", "password", "connection_url"}}\`) or \`--field password\` /
      \`--field connection_url\`. \`--ttl\` may not exceed the role's max TTL.
    `,
    examples: [
      [
        'A one-shot lease for a script',
        `lease=$(scaivault dynamic creds postgres-prod readonly --ttl 30m --json); echo "$lease" | jq -r '.data.connection_url, .lease_id'`,
      ],
      ['Connect with psql', 'psql "$(scaivault dynamic creds postgres-prod readonly --ttl 15m --field connection_url)"'],
    ],
  });

  engine = Option.String({ name: 'engine' });
  role = Option.String({ name: 'role' });
  ttl = Option.String('--ttl', { description: 'How long the login lives, e.g. 2h (default: the role’s TTL)' });

  async execute(): Promise<number> {
    const engine = requireName(this.engine, 'engine name');
    const role = requireName(this.role, 'role name');
    const ttl = ttlFlag(this.ttl, '--ttl');
    const client = await this.api();
    const lease = await client.dynamic.creds(engine, role, ttl === undefined ? {} : { ttl });
    this.output.object(lease, { fieldRoot: lease.data, human: credentialPairs(lease) });
    return 0;
  }
}
