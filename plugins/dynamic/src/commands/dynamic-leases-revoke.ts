import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireLeaseId, requireName } from '../dynamic-view.js';

export class DynamicLeasesRevokeCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'leases', 'revoke']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'Revoke a lease now — or every lease of an engine or prefix — dropping the login at the database',
    details: `
      The role's revocation statements run and the login's open sessions are ended. If the database cannot be reached
      the lease is kept as \`revocation_failed\` and retried in the background (exit 1). For incident response,
      \`--engine E\` revokes every live lease of an engine and \`--prefix engine/role\` every lease whose
      \`<engine>/<role>/<lease_id>\` starts with it; those ask for confirmation on a terminal and need \`--yes\`
      elsewhere.
    `,
    examples: [
      ['Revoke one lease', 'scaivault dynamic leases revoke lease_abc'],
      ['Every lease of an engine', 'scaivault dynamic leases revoke --engine postgres-prod --yes'],
      ['Every lease of one role', 'scaivault dynamic leases revoke --prefix postgres-prod/readonly --yes'],
    ],
  });

  leaseId = Option.String({ name: 'lease-id', required: false });
  engine = Option.String('--engine', { description: 'Revoke every live lease of this engine' });
  prefix = Option.String('--prefix', { description: 'Revoke every live lease under <engine>/<role>/…' });
  yes = Option.Boolean('--yes', false, { description: 'Do not ask before revoking many leases' });

  async execute(): Promise<number> {
    const bulk = this.engine !== undefined || this.prefix !== undefined;
    if (this.leaseId !== undefined && bulk) throw new UsageError('give a lease id or --engine/--prefix, not both');
    if (this.leaseId === undefined && !bulk) throw new UsageError('which lease?', 'give a lease id, or --engine E / --prefix engine/role');
    const client = await this.api();
    if (this.leaseId !== undefined) {
      const lease = await client.dynamic.leases.revoke(requireLeaseId(this.leaseId));
      this.output.success(`Revoked lease ${lease.lease_id}; login ${lease.username ?? ''} dropped`.trimEnd(), lease);
      return 0;
    }
    const filter = {
      ...(this.engine !== undefined ? { engine: requireName(this.engine, 'engine name') } : {}),
      ...(this.prefix !== undefined ? { prefix: this.prefix } : {}),
    };
    const what = [this.engine && `of engine ${this.engine}`, this.prefix && `under ${this.prefix}`].filter(Boolean).join(' ');
    if (!this.yes) {
      const prompt = this.resolve(Tokens.Prompt);
      if (!prompt.interactive) throw new UsageError(`this revokes every live lease ${what}: add --yes to confirm`);
      if (!(await prompt.confirm(`Revoke every live lease ${what}?`))) {
        this.output.info('Nothing revoked.');
        return 1;
      }
    }
    const result = await client.dynamic.leases.revokeMatching(filter);
    if (this.output.json || this.output.options.field !== undefined) this.output.object(result);
    else {
      this.output.info(`Revoked ${result.revoked.length} lease(s) ${what}`);
      for (const failure of result.failed)
        this.output.warn(`${failure.lease_id}: ${failure.error?.message ?? 'revocation failed'} (retried in the background)`);
    }
    return result.failed.length > 0 ? 1 : 0;
  }
}
