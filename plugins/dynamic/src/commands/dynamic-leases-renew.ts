import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { leasePairs, requireLeaseId, ttlFlag } from '../dynamic-view.js';

export class DynamicLeasesRenewCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'leases', 'renew']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'Extend a lease: it then expires --ttl from now (default: the role’s TTL)',
    details: `
      The new expiry is never later than the lease's \`max_expires_at\` (issue time plus the role's max TTL): a longer
      \`--ttl\` is cut to it, and \`renewable\` turns false once it is reached. An expired or revoked lease cannot be
      renewed (exit 1, \`invalid_state\`): ask for new credentials instead.
    `,
    examples: [['Another hour', 'scaivault dynamic leases renew lease_abc --ttl 1h']],
  });

  leaseId = Option.String({ name: 'lease-id' });
  ttl = Option.String('--ttl', { description: 'New time to live, from now, e.g. 1h' });

  async execute(): Promise<number> {
    const id = requireLeaseId(this.leaseId);
    const ttl = ttlFlag(this.ttl, '--ttl');
    const client = await this.api();
    const lease = await client.dynamic.leases.renew(id, ttl === undefined ? {} : { ttl });
    if (this.output.json || this.output.options.field !== undefined) this.output.object(lease);
    else {
      this.output.object(lease, { human: leasePairs(lease) });
      if (lease.renewable === false) this.output.warn(`lease ${id} has reached its maximum lifetime (${lease.max_expires_at})`);
    }
    return 0;
  }
}
