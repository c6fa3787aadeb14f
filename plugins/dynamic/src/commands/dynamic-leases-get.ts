import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { leasePairs, requireLeaseId } from '../dynamic-view.js';

export class DynamicLeasesGetCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'leases', 'get']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'Show one lease: its status, expiry and login name (never the password)',
    examples: [
      ['Show a lease', 'scaivault dynamic leases get lease_abc'],
      ['When it expires', 'scaivault dynamic leases get lease_abc --field expires_at'],
    ],
  });

  leaseId = Option.String({ name: 'lease-id' });

  async execute(): Promise<number> {
    const client = await this.api();
    const lease = await client.dynamic.leases.get(requireLeaseId(this.leaseId));
    this.output.object(lease, { human: leasePairs(lease) });
    return 0;
  }
}
